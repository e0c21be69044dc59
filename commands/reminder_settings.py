"""/reminders without options, or after a change: a person's and the group's reminder
settings as shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.context import Context
from bot.i18n import N_
from bot.reminders import state_name
from bot.roles import COORDINATOR, OBSERVER, YOUTH
from bot.scheduling.meetings import describe_rule
from bot.scheduling.planner import load_facts, meeting_rule_of
from bot.scheduling.policies import GROUP, clock_text
from bot.values import format_date, offsets_summed, shortened
from commands.reminder_options import MAX_OFFSET_DAYS
from storage.models import Group, Membership, Person
from storage.repo import people
from storage.repo import reminders as repo

OVERDUE_DEFAULT = N_("every week, after four weeks every four weeks")


def _days_text(ctx: Context, text: str | None) -> str | None:
    if not text:
        return None
    if text == "0":
        return ctx.t(N_("on the due day only"))
    days = text.split(",")
    one = len(days) == 1 and days[0].strip() == "1"
    return ctx.tn(
        "{days} day before the due date",
        "{days} days before the due date",
        1 if one else 2,
        days=", ".join(days),
    )


def _overdue_text(ctx: Context, days: int | None) -> str | None:
    if days is None:
        return None
    if days == 0:
        return ctx.t(N_("no reminders"))
    return ctx.tn("every day", "every {n} days", days)


def _quiet_text(ctx: Context, start: str | None, end: str | None) -> str | None:
    if not start or not end:
        return None
    if start == end:
        return ctx.t(N_("none"))
    return f"{start}–{end}"


def _weekends_text(ctx: Context, skip: bool | None) -> str | None:
    if skip is None:
        return None
    return ctx.t(N_("no reminders")) if skip else ctx.t(N_("reminders allowed"))


def _pause_text(ctx: Context, until: date | None) -> str | None:
    """The pause, while it lasts (up to and including its day); one that has ended is none."""
    if until is None or until < ctx.now.astimezone(ctx.zone).date():
        return None
    return ctx.t(N_("paused until {date}"), date=format_date(until, ctx.lang))


def _channel_text(ctx: Context, person: Person, channel: str | None) -> str:
    """Where the person's nudges go; a minor's go to the direct chat whatever they chose."""
    if channel != GROUP:
        return ctx.t(N_("direct chat"))
    if person.is_minor:
        return ctx.t(N_("direct chat (you are under 16: I remind you only there)"))
    return ctx.t(N_("group chat"))


@dataclass(frozen=True)
class _GroupBlock:
    """One group's reminder settings as /reminders shows them: the lines of its block and
    what a person who set nothing of their own inherits from it."""

    lines: list[tuple[str, str]]
    inherited_days: str
    inherited_overdue: str
    quiet: str
    weekends: str


async def _group_block(ctx: Context, group: Group) -> _GroupBlock:
    facts = await load_facts(ctx.session, group)
    gs = facts.settings
    policy = facts.policy
    default = ctx.t(N_("(group setting)"))
    builtin = ctx.t(N_("(default)"))
    set_days = _days_text(ctx, gs.offsets if gs else None)  # the group's own, if it set any
    group_days = set_days or (_days_text(ctx, "14,3,0") + " " + builtin)  # type: ignore[operator]
    set_overdue = _overdue_text(ctx, gs.overdue_days if gs else None)
    group_overdue = set_overdue or f"{ctx.t(OVERDUE_DEFAULT)} {builtin}"
    group_quiet = f"{clock_text(policy.quiet_start)}–{clock_text(policy.quiet_end)}"
    if policy.quiet_start == policy.quiet_end:
        group_quiet = ctx.t(N_("none"))
    group_weekends = _weekends_text(ctx, policy.skip_weekends) or ""
    state = (
        f"{group.state} ({state_name(group.state, ctx.lang)})"
        if group.state
        else ctx.t(N_("not set (only holidays of all states count)"))
    )
    rule = meeting_rule_of(facts)
    lines = [
        ("offsets", ctx.t(N_("Before a due date: {value}"), value=group_days)),
        ("overdue", ctx.t(N_("While overdue: {value}"), value=group_overdue)),
        ("quiet", ctx.t(N_("Quiet hours: {value}"), value=group_quiet)),
        ("weekends", ctx.t(N_("Weekends: {value}"), value=group_weekends)),
        (
            "pause",
            ctx.t(
                N_("Pause: {value}"),
                value=_pause_text(ctx, policy.paused_until) or ctx.t(N_("no")),
            ),
        ),
        ("state", ctx.t(N_("State for public holidays: {value}"), value=state)),
        ("tz", ctx.t(N_("Time zone: {value}"), value=group.tz)),
        (
            "meeting",
            ctx.t(
                N_("Meeting reminders: {value}"),
                value=describe_rule(rule, ctx.tr) if rule else ctx.t(N_("none")),
            ),
        ),
    ]
    # A person without their own: the group's setting, or (none) the default — said once.
    return _GroupBlock(
        lines=lines,
        inherited_days=f"{set_days} {default}" if set_days else group_days,
        inherited_overdue=f"{set_overdue} {default}" if set_overdue else group_overdue,
        quiet=f"{group_quiet} {default}",
        weekends=f"{group_weekends} {default}",
    )


def _guest_line(ctx: Context, group: Group) -> str:
    return ctx.t(
        N_(
            "As a guest you get no reminders from {group}: you are responsible for no "
            "measure and do not vote."
        ),
        group=group.name,
    )


async def _other_groups(ctx: Context) -> list[tuple[Group, Membership]]:
    """In the direct chat of someone in several groups: their groups other than the one the
    chat speaks for (their settings are shown too); none elsewhere."""
    if not ctx.is_direct or ctx.groups < 2:
        return []
    group = ctx.require_group()
    joined = await people.groups_of(ctx.session, ctx.require_person().id)
    return [(g, m) for g, m in joined if g.id != group.id]


async def show(ctx: Context, *, saved: tuple[str, list[str]] | None = None) -> None:
    group = ctx.require_group()
    person = ctx.require_person()
    own = await repo.person_settings(ctx.session, person.id)
    block = await _group_block(ctx, group)
    others = await _other_groups(ctx) if saved is None else []
    # In several groups a value not set by the person comes from each group's (shown below).
    each = ctx.t(N_("each group's (below)")) if others else ""
    own_lines = [
        (
            "offsets",
            ctx.t(
                N_("Before a due date: {value}"),
                value=_days_text(ctx, own.offsets if own else None) or each or block.inherited_days,
            ),
        ),
        (
            "overdue",
            ctx.t(
                N_("While overdue: {value}"),
                value=_overdue_text(ctx, own.overdue_days if own else None)
                or each
                or block.inherited_overdue,
            ),
        ),
        (
            "channel",
            ctx.t(
                N_("Channel: {value}"),
                value=_channel_text(ctx, person, own.channel if own else None),
            ),
        ),
        (
            "quiet",
            ctx.t(
                N_("Quiet hours: {value}"),
                value=_quiet_text(
                    ctx, own.quiet_start if own else None, own.quiet_end if own else None
                )
                or each
                or block.quiet,
            ),
        ),
        (
            "weekends",
            ctx.t(
                N_("Weekends: {value}"),
                value=_weekends_text(ctx, own.skip_weekends if own else None)
                or each
                or block.weekends,
            ),
        ),
        (
            "pause",
            ctx.t(
                N_("Pause: {value}"),
                value=_pause_text(ctx, own.paused_until if own else None) or ctx.t(N_("no")),
            ),
        ),
    ]
    own_head = ctx.t(N_("Your reminders:"))
    group_head = ctx.t(N_("Group {group}:"), group=group.name)
    if saved is not None:  # what changed, not the whole block again
        scope, changed = saved
        head, items = (group_head, block.lines) if scope == "group" else (own_head, own_lines)
        lines = [ctx.t(N_("Saved.")), head]
        lines += [f"• {line}" for key, line in items if key in changed]
        summed = offsets_summed(ctx.options.get("offsets", ""))
        if "offsets" in changed and summed and summed.days <= MAX_OFFSET_DAYS:
            # "2 Wochen und 3 Tage": two reminders, and how to ask for the one of 17 days.
            lines.append(
                ctx.t(
                    N_(
                        "I read “{text}” as separate reminders. For a single one {days} days "
                        "before: offsets={days}d"
                    ),
                    text=shortened(ctx.options["offsets"], 60),
                    days=summed.days,
                )
            )
        lines.append(ctx.t(N_("{command} shows all settings."), command=ctx.as_typed))
        ctx.reply("\n".join(lines))
        return
    if others:
        own_head = ctx.t(N_("Your reminders (in all your steering groups):"))
    lines = [own_head, *(f"• {line}" for _, line in own_lines), ""]
    if ctx.role == OBSERVER:  # nothing of this group comes to a guest: say so first
        lines[:0] = [_guest_line(ctx, group), ""]
    if ctx.role in (YOUTH, OBSERVER) and not others:
        # A youth representative or guest can change none of the group's settings (holidays,
        # time zone, meetings): what applies to them is in their own lines above.
        lines.append(ctx.t(N_("The coordinators set the rest for the group.")))
    else:
        lines += [group_head, *(f"• {line}" for _, line in block.lines)]
    for other, membership in others:
        lines.append("")
        if membership.role == OBSERVER:
            lines.append(_guest_line(ctx, other))
        lines.append(ctx.t(N_("Group {group}:"), group=other.name))
        lines += [f"• {line}" for _, line in (await _group_block(ctx, other)).lines]
    if person.is_minor:
        # Someone under 16 is reminded only in the direct chat: no channel= to try.
        change = N_(
            "Change yours: /reminders offsets=14d,3d,0d quiet=20:00-07:00 weekends=off "
            "pause=in 2 weeks (pause=off)"
        )
    else:
        change = N_(
            "Change yours: /reminders offsets=14d,3d,0d channel=direct|group "
            "quiet=20:00-07:00 weekends=off pause=in 2 weeks (pause=off)"
        )
    lines += ["", ctx.t(change)]
    if ctx.role == COORDINATOR:
        lines.append(
            ctx.t(
                N_(
                    "Coordinators, for the group: /reminders group quiet=… state=TH, "
                    "/reminders meeting every 2nd tuesday 17:00 (or: meeting off)"
                )
            )
        )
    coordinated = next((g for g, m in others if m.role == COORDINATOR), None)
    if coordinated is not None:  # "group" settings here are the current group's
        lines.append(
            ctx.t(
                N_(
                    "Commands in this chat are about {current} at the moment; /group {group} "
                    "switches to {group}."
                ),
                current=group.name,
                group=coordinated.name,
            )
        )
    ctx.reply("\n".join(lines))
