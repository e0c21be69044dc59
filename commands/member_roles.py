"""/role: a coordinator changes a member's role — hands the coordination over, makes a guest a
member, corrects a role given by mistake — without removing them (their responsibilities, ideas
and their ballots in closed rounds stay; made an observer, their ballots in open rounds go).
The group always keeps a coordinator."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.events import Reply
from bot.i18n import N_, Translator
from bot.parsing import fold
from bot.registry import Command, Param
from bot.roles import (
    CONTRIBUTORS,
    COORDINATOR,
    COORDINATORS,
    OBSERVER,
    ROLE_NAMES,
    ROLE_TOPIC,
    ROLE_WORDS,
    YOUTH,
)
from bot.scheduling import replan
from bot.scheduling.notices import known_before, take_back, tell_when_awake, told_also
from bot.values import quoted
from commands.common import (
    coordinator_sees_minors,
    hide_minor_in_history,
    is_hidden_minor,
    name_for_coordinator,
    shown_name,
    their_language,
)
from commands.groups import role_from
from commands.membership import find_member, refuse_last_coordinator, release_measures
from commands.minors import (
    AGE_QUESTION,
    age_question,
    age_settled,
    direct_chat_button,
    unnamed_here,
)
from commands.voting_announcement import refresh_open_rounds
from storage.models import Group, Measure
from storage.repo import groups as group_repo
from storage.repo import people
from storage.repo import voting as voting_repo


async def role(ctx: Context) -> None:
    """/role <member> coordinator|member|youth|guest"""
    group = ctx.require_group()
    words = ctx.params["text"].split()
    if len(words) < 2:  # "/role ben": the role is missing; "/role member": whose
        raise missing(
            ctx, N_("role") if words and fold(words[0]) not in ROLE_WORDS else N_("member")
        )
    new = role_from(words[-1])
    person, membership = await find_member(
        ctx, " ".join(words[:-1]), minors_named=coordinator_sees_minors(ctx)
    )
    name = shown_name(ctx, person)
    old = membership.role
    if old == new:
        raise CommandError(N_("{name} is already {role}."), name=name, role=ctx.t(ROLE_NAMES[new]))
    # Stepping back oneself is refused as /leave is ("You are the only coordinator …").
    await refuse_last_coordinator(
        ctx, membership, None if person.id == ctx.require_person().id else name
    )
    membership.role = new
    await ctx.session.flush()
    await group_repo.record_group_event(
        ctx.session,
        group.id,
        actor_id=ctx.require_person().id,
        subject_id=person.id,
        at=ctx.now,
        field="role",
        old=old,
        new=new,
    )
    withdrawn = 0
    if old in CONTRIBUTORS and new not in CONTRIBUTORS:
        # An observer may not vote: a ballot in a round still open no longer counts, as when
        # someone leaves (the result and "who voted" count those who may vote at the close).
        withdrawn = await voting_repo.withdraw_from_open_rounds(ctx.session, group.id, person.id)
    if (old in CONTRIBUTORS) != (new in CONTRIBUTORS):
        await refresh_open_rounds(ctx, group)
    dropped = None
    if old == COORDINATOR:  # only a coordinator imports: a list they sent waits for nobody now
        dropped = await people.drop_waiting_list(ctx.session, person.id, group.id)
    orphaned = []
    if new not in CONTRIBUTORS:
        # A guest cannot report on a measure (/status): it needs someone else, as on leaving.
        orphaned = await release_measures(ctx, group, person, N_("made a guest"))
    # Coordinators get the digest and the programme's reminders; others no longer do.
    await replan(ctx.services, ctx.session, group.id, ctx.now)
    roles = {"role": ctx.t(ROLE_NAMES[new]), "old": ctx.t(ROLE_NAMES[old])}
    # A new youth representative may be a minor (see unnamed_here): the coordinator typed the
    # name, the bot does not repeat it there, as it does not welcome them by name on /join.
    # Nor the pseudonym of someone whose name the chat does not see ("Youth representation is
    # now member (was: youth representation)" would read as nonsense).
    unnamed = unnamed_here(ctx, person, new)
    if unnamed and not (coordinator_sees_minors(ctx) and is_hidden_minor(ctx, person)):
        done = ctx.t(N_("Done: now {role} (was: {old}). I do not repeat the name here."), **roles)
    else:  # a coordinator's direct chat names whom they found, as /members there does
        shown = name_for_coordinator(ctx, person)
        done = ctx.t(N_("{name} is now {role} (was: {old})."), name=shown, **roles)
    own = person.id == ctx.require_person().id
    if own and withdrawn:  # someone else made a guest hears it in their notice (see _taken)
        went = "\n".join(_taken_lines(ctx.tr, group, new, _taken(withdrawn, None, [])))
        if ctx.is_direct:
            done += "\n" + went
        else:  # which rounds they had voted in is theirs to know, not the group chat's
            ctx.send_to_person(person.id, Reply(went), fallback=None)
    if orphaned:
        done += "\n" + ctx.t(
            N_(
                "These measures have nobody responsible now (a guest cannot report on them): {measures}. /assign <n> <who>"
            ),
            measures=", ".join(f"{m.number}. {m.title}" for m in orphaned),
        )
    if dropped is not None:
        done += "\n" + ctx.t(
            N_("The list {file} waiting to be imported is dropped: only coordinators import."),
            file=quoted(dropped[:80], ctx.lang),
        )
    if new == COORDINATOR and person.is_minor and not person.show_name:
        done += "\n" + ctx.t(
            N_(
                "The group does not see the name of this coordinator (under 16): members cannot "
                "tell who to ask. Keep an adult coordinator beside them, or ask them to show "
                "their name (/showname on)."
            )
        )
    asks = new == YOUTH and not age_settled(person)
    if asks and not ctx.is_direct:
        # The age question goes to their direct chat, which on Telegram only they can open.
        # Not by name: until they answer they count as under 16 (see unnamed_here).
        hint = ctx.t(N_("I ask them about their age in a direct chat."))
        ctx.reply(f"{done}\n{hint}", choices=(direct_chat_button(ctx.tr),))
    else:
        ctx.reply(done)
    # Changed again before the notice of the last change went out (22:00 and 23:00, in their
    # quiet hours): one notice, from the role they knew to the last one, with what each change
    # took from them; nothing when it came back to that. So too the age question held with it.
    # Whoever changes their own role knows it (made coordinator at 22:00, stepped back to
    # member at 23:00): of what was held for them, only what the changes before took is told.
    held = await take_back(ctx, group, person.id, [ROLE_TOPIC, AGE_QUESTION])
    knew = new if own else known_before(held, ROLE_TOPIC) or old
    tr = their_language(ctx, person, youth=new == YOUTH)
    taken = told_also(held, ROLE_TOPIC)
    if not own:  # what their own change took, the answer to them said
        taken += _taken(withdrawn, dropped, orphaned)
    # At 23:00 it (and the age question after it) waits for the end of their quiet hours.
    if knew != new or taken:
        reply = Reply(role_notice(tr, group, new, taken))
        await tell_when_awake(
            ctx, person.id, group, reply, topic=ROLE_TOPIC, known=knew, also=taken
        )
    if asks:  # also to a coordinator who made themselves one: the answer says it is asked
        await tell_when_awake(ctx, person.id, group, age_question(person, tr), topic=AGE_QUESTION)
        await hide_minor_in_history(ctx, person)


def role_notice(tr: Translator, group: Group, role: str, taken: Sequence[str] = ()) -> str:
    """What someone made ``role`` in ``group`` by someone else reads (by a coordinator's /role
    or the operator's ``steerbot groups coordinator``): whoever takes the coordination over
    also what now comes to them; under it what the changes took from them (``taken``: see
    :func:`_taken`, kept with the notices it replaces)."""
    told = tr.t(
        N_("In the steering group {group} you are now {role}. /help shows what you can do."),
        group=group.name,
        role=tr.t(ROLE_NAMES[role]),
    )
    if role == COORDINATOR:
        told += "\n" + tr.t(
            N_(
                "From now on you get the weekly overview on Mondays and the notes on overdue "
                "measures; /digest shows what is due now."
            )
        )
    return "\n".join([told, *_taken_lines(tr, group, role, taken)])


def _taken(withdrawn: int, dropped: str | None, orphaned: list[Measure]) -> list[str]:
    """What a change of role took from them (their ballots in rounds still open, a list
    waiting to be imported, their measures), one entry each, kept with a held notice: a later
    change before it goes out tells it in its own notice, for the role that is theirs then
    (see :func:`_taken_lines`)."""
    taken = [json.dumps(["ballots", withdrawn])] if withdrawn else []
    if dropped is not None:
        taken.append(json.dumps(["list", dropped]))
    taken += [json.dumps(["measure", m.number, m.title]) for m in orphaned]
    return taken


def _taken_lines(tr: Translator, group: Group, role: str, taken: Sequence[str]) -> list[str]:
    """The lines of a notice that they are now ``role`` telling what the changes took from them
    (``taken``: see :func:`_taken`), the ballots in one line: a guest does not vote; someone who
    votes again was a guest in between and may vote anew."""
    lines, ballots = [], 0
    for entry in taken:
        try:
            kind, *values = json.loads(entry)
        except (ValueError, TypeError):  # a line held as told (before entries were kept)
            lines.append(entry)
            continue
        if kind == "ballots":
            ballots += int(values[0])
        elif kind == "list":
            lines.append(
                tr.t(
                    N_(
                        "Your list {file} waiting to be imported into {group} is dropped: only "
                        "coordinators import."
                    ),
                    file=quoted(str(values[0])[:80], tr.lang),
                    group=group.name,
                )
            )
        elif kind == "measure":
            lines.append(
                tr.t(
                    N_("In {group} you are no longer responsible for measure {number} “{title}”."),
                    group=group.name,
                    number=values[0],
                    title=values[1],
                )
            )
    if ballots and role in CONTRIBUTORS:
        lines.insert(
            0,
            tr.tn(
                "Your ballot in a round still open no longer counts, as you were {role} in "
                "between. You may vote again: /vote",
                "Your ballots in {n} rounds still open no longer count, as you were {role} in "
                "between. You may vote again: /vote",
                ballots,
                role=tr.t(ROLE_NAMES[OBSERVER]),
            ),
        )
    elif ballots:
        lines.insert(
            0,
            tr.tn(
                "Your ballot in a round still open no longer counts: as {role} you do not vote.",
                "Your ballots in {n} rounds still open no longer count: as {role} you do not vote.",
                ballots,
                role=tr.t(ROLE_NAMES[role]),
            ),
        )
    return lines


def commands() -> list[Command]:
    return [
        Command(
            name="role",
            aliases=("rolle",),
            handler=role,
            summary=N_("change a member's role"),
            usage=N_("/role <member> coordinator|member|youth|guest"),
            params=(Param("text", "text", label=N_("member and role")),),
            roles=COORDINATORS,
        ),
    ]
