"""/reminders: a person's and the group's nudge settings; /digest: what is due, on demand."""

from __future__ import annotations

from bot.context import Context
from bot.errors import CommandError, InvalidValue, NotAllowed, UsageError
from bot.i18n import N_
from bot.parsing import fold
from bot.registry import Command, Param, not_for_youth
from bot.reminders import normalize_state
from bot.roles import COORDINATOR, EDITORS, MEMBERS
from bot.scheduling import replan
from commands.idea_numbers import QUEUE_READERS
from commands.reminder_meetings import agenda, set_meeting, show_meeting
from commands.reminder_options import (
    CHANNELS,
    MSG_BAD_CHANNEL,
    OFF_WORDS,
    ON_WORDS,
    apply_common,
    is_off,
)
from commands.reminder_settings import show
from storage.repo import reminders as repo

MEETING_WORDS = {"meeting", "meetings", "sitzung", "sitzungen", "treffen"}
MSG_GROUP_ONLY_COORDINATORS = N_(
    "Only coordinators may change the group's reminder settings; you are {role}. Your own "
    "settings work without “group”, e.g. /reminders quiet=21:00-07:00."
)
MSG_MEETING_ONLY_COORDINATORS = N_(
    "Only coordinators set the meeting reminders; you are {role}. /reminders shows the "
    "group's meeting rule."
)
MSG_CHANNEL_IS_PERSONAL = N_("The channel is a personal setting: /reminders channel=direct")
# "/reminders off": there is no such switch, on purpose; what comes closest.
MSG_NO_OFF_SWITCH = N_(
    "Reminders cannot be switched off for good: whoever is responsible for a measure hears of "
    "its due date at least on the day. Fewer reminders: /reminders offsets=off (only on the due "
    "day) and overdue=off (none while a measure is overdue). None for a while: /reminders "
    "pause=<date>."
)
MSG_NO_GROUP_OFF_SWITCH = N_(
    "The group's reminders cannot be switched off for good. None for a while: /reminders group "
    "pause=<date> (pause=off ends it). Fewer: /reminders group offsets=off overdue=off."
)


async def reminders(ctx: Context) -> None:
    """/reminders [group] [offsets=…] [channel=…] [quiet=…] [weekends=…] [pause=…] [state=…]
    and /reminders meeting <rule> | off."""
    group = ctx.require_group()
    person = ctx.require_person()
    words = ctx.params.get("words") or []
    group_scope = bool(ctx.flags & {"group", "gruppe"}) or "state" in ctx.options
    if words and fold(words[0]) in MEETING_WORDS:
        _require_coordinator(ctx, MSG_MEETING_ONLY_COORDINATORS)  # no "group" to leave out
        spec = " ".join(words[1:])
        if not spec.strip():  # "/reminders meeting": what is set, and how to change it
            await show_meeting(ctx)
            return
        await set_meeting(ctx, spec)
        await _replan(ctx)
        return
    if len(words) == 1 and not ctx.options and fold(words[0]) in OFF_WORDS | ON_WORDS:
        if group_scope:
            _require_coordinator(ctx)
        if fold(words[0]) in OFF_WORDS:
            raise CommandError(MSG_NO_GROUP_OFF_SWITCH if group_scope else MSG_NO_OFF_SWITCH)
        words, ctx.options["pause"] = [], "off"  # "on": a pause ends; without one, no change
    if words:
        raise UsageError(N_("I did not understand “{extra}”."), extra=" ".join(words)[:80])
    if not ctx.options:
        await show(ctx)
        return
    changed: list[str] = []
    if group_scope:
        _require_coordinator(ctx)
        if "channel" in ctx.options:
            raise UsageError(MSG_CHANNEL_IS_PERSONAL)
        settings = await repo.ensure_group_settings(ctx.session, group.id, ctx.now)
        apply_common(ctx, settings, changed)
        if "state" in ctx.options:
            group.state = (
                None if is_off(ctx.options["state"]) else normalize_state(ctx.options["state"])
            )
            changed.append("state")
    else:
        own = await repo.ensure_person_settings(ctx.session, person.id, ctx.now)
        if "channel" in ctx.options:
            channel = CHANNELS.get(fold(ctx.options["channel"]))
            if channel is None:
                raise InvalidValue(MSG_BAD_CHANNEL, text=ctx.options["channel"])
            own.channel = channel
            changed.append("channel")
        apply_common(ctx, own, changed)
    await ctx.session.flush()
    await _replan(ctx)
    await show(ctx, saved=("group" if group_scope else "own", changed))


def _require_coordinator(ctx: Context, message: str = MSG_GROUP_ONLY_COORDINATORS) -> None:
    from bot.roles import ROLE_NAMES

    if ctx.role != COORDINATOR:
        raise NotAllowed(message, role=ctx.t(ROLE_NAMES[ctx.role]))


async def _replan(ctx: Context) -> None:
    await ctx.session.flush()
    await replan(ctx.services, ctx.session, ctx.require_group().id, ctx.now)


async def digest(ctx: Context) -> None:
    """/digest: the coordinator digest, now."""
    engine = ctx.services.extras.get("reminders")
    group = ctx.require_group()
    ask = ctx.role in EDITORS  # who may /assign the measures it lists as nobody's
    how = ctx.role == COORDINATOR  # who may enter a new date for one that passed (/programme)
    # the titles of youth ideas waiting for those who may read the queue; a guest a count
    named = ctx.role in QUEUE_READERS
    if engine is None:
        from bot.scheduling.digest import digest_text

        ctx.reply(
            await digest_text(
                ctx.session, group, ctx.tr, ctx.now, None, ask=ask, dates_how=how, ideas_named=named
            )
        )
        return
    ctx.reply(
        await engine.digest(
            ctx.session, group, ctx.tr, ctx.now, ask=ask, dates_how=how, ideas_named=named
        )
    )


def commands() -> list[Command]:
    return [
        Command(
            name="reminders",
            aliases=("erinnerungen", "erinnerung"),
            handler=reminders,
            summary=N_("show and change reminder settings"),
            usage=N_(
                "/reminders [group] [offsets=14d,3d,0d] [channel=direct|group] "
                "[overdue=7d|off] [quiet=20:00-07:00] [weekends=on|off] [pause=<date>|off] "
                "[state=TH] · "
                "/reminders meeting <rule>|off"
            ),
            params=(Param("words", "words", required=False),),
            options={
                "offsets": "offsets",
                "abstaende": "offsets",
                "abstände": "offsets",
                "vorlauf": "offsets",
                "overdue": "overdue",
                "ueberfaellig": "overdue",
                "überfällig": "overdue",
                "uberfallig": "overdue",
                "channel": "channel",
                "kanal": "channel",
                "quiet": "quiet",
                "ruhezeit": "quiet",
                "ruhezeiten": "quiet",
                "weekends": "weekends",
                "wochenende": "weekends",
                "pause": "pause",
                "state": "state",
                "land": "state",
                "bundesland": "state",
            },  # fmt: skip
            flags=("group", "gruppe"),
            date_options=frozenset({"pause"}),
            text_options=frozenset({"state"}),  # land=North Rhine-Westphalia
            duration_options=frozenset({"offsets", "overdue"}),  # offsets=2 weeks
            roles=MEMBERS,
            listed=not_for_youth,
        ),
        Command(
            name="digest",
            aliases=("uebersicht", "übersicht", "overview"),
            handler=digest,
            summary=N_("what is due, overdue, new and waiting"),
            usage=N_("/digest"),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
        Command(
            name="agenda",
            aliases=("tagesordnung",),
            handler=agenda,
            summary=N_("the next meeting's agenda as it stands now"),
            usage=N_("/agenda"),
            roles=EDITORS,
        ),
    ]
