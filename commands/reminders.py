"""/reminders: a person's and the group's nudge settings; /digest: what is due, on demand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.context import Context
from bot.errors import CommandError, InvalidValue, NotAllowed, UsageError
from bot.i18n import N_
from bot.parsing import fold
from bot.registry import Command, Param, not_for_youth
from bot.reminders import (
    STATES,
    MeetingRule,
    normalize_state,
    parse_meeting_rule,
    parse_quiet_hours,
)
from bot.roles import COORDINATOR, EDITORS, MEMBERS, OBSERVER
from bot.scheduling import replan
from bot.scheduling.meetings import describe_rule
from bot.scheduling.planner import load_facts, meeting_rule_of, stored_meeting_rule
from bot.scheduling.policies import DIRECT, GROUP, clock_text, offsets_text
from bot.values import (
    format_date,
    format_datetime,
    parse_bool,
    parse_date,
    parse_offsets,
    require_future,
)
from storage.models import Group, GroupReminderSettings, Membership, Person, PersonReminderSettings
from storage.repo import people
from storage.repo import reminders as repo

MAX_OFFSET_DAYS = 120
OFF_WORDS = {"off", "aus", "none", "keine", "nein", "no"}
ON_WORDS = {"on", "an", "ein", "ja", "yes"}
DEFAULT_WORDS = {"default", "standard", "voreinstellung"}
MEETING_WORDS = {"meeting", "meetings", "sitzung", "sitzungen", "treffen"}
CHANNELS = {"direct": DIRECT, "direkt": DIRECT, "dm": DIRECT, "group": GROUP, "gruppe": GROUP}

MSG_BAD_OFFSETS = N_(
    "Reminders go out whole days before a due date, at most {limit} days: “{text}” does not "
    "fit. Example: offsets=14d,3d,0d"
)
MSG_BAD_OVERDUE = N_(
    "While a measure is overdue I remind every few days, at most {limit} days apart: “{text}” "
    "does not fit. Example: overdue=14d, or overdue=off"
)
MSG_BAD_CHANNEL = N_("“{text}” is not a channel. Use channel=direct or channel=group.")
MSG_GROUP_ONLY_COORDINATORS = N_(
    "Only coordinators may change the group's reminder settings; you are {role}. Your own "
    "settings work without “group”, e.g. /reminders quiet=21:00-07:00."
)
MSG_MEETING_ONLY_COORDINATORS = N_(
    "Only coordinators set the meeting reminders; you are {role}. /reminders shows the "
    "group's meeting rule."
)
OVERDUE_DEFAULT = N_("every week, after four weeks every four weeks")
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


def _is_off(text: str) -> bool:
    return fold(text) in OFF_WORDS


def _offset_days(ctx: Context, text: str) -> str:
    offsets = parse_offsets(text)
    days = []
    for offset in offsets:
        if offset % timedelta(days=1) or offset.days > MAX_OFFSET_DAYS:
            raise InvalidValue(MSG_BAD_OFFSETS, text=text, limit=MAX_OFFSET_DAYS)
        days.append(offset.days)
    return offsets_text(days)


def _overdue_days(text: str) -> int | None:
    """``14d`` → 14, ``off`` → 0 (no overdue nudges), ``default`` → None."""
    if fold(text) in DEFAULT_WORDS:
        return None
    if _is_off(text):
        return 0
    try:
        offsets = parse_offsets(text)
    except InvalidValue:
        raise InvalidValue(MSG_BAD_OVERDUE, text=text, limit=MAX_OFFSET_DAYS) from None
    if (
        len(offsets) != 1
        or offsets[0] % timedelta(days=1)
        or not 0 < offsets[0].days <= MAX_OFFSET_DAYS
    ):
        raise InvalidValue(MSG_BAD_OVERDUE, text=text, limit=MAX_OFFSET_DAYS)
    return offsets[0].days


def _apply_common(
    ctx: Context, target: GroupReminderSettings | PersonReminderSettings, changed: list[str]
) -> None:
    """offsets, overdue, quiet, weekends and pause: the same for a person and a group."""
    options = ctx.options
    if "overdue" in options:
        target.overdue_days = _overdue_days(options["overdue"])
        changed.append("overdue")
    if "offsets" in options:
        wanted = options["offsets"]
        if fold(wanted) in DEFAULT_WORDS:
            target.offsets = None  # back to the group's setting, else 14, 3 and 0 days
        elif _is_off(wanted):
            target.offsets = offsets_text([0])  # no lead time: on the due day only
        else:
            target.offsets = _offset_days(ctx, wanted)
        changed.append("offsets")
    if "quiet" in options:
        if _is_off(options["quiet"]):
            target.quiet_start = target.quiet_end = "00:00"  # an empty window: no quiet hours
        else:
            start, end = parse_quiet_hours(options["quiet"])
            target.quiet_start, target.quiet_end = clock_text(start), clock_text(end)
        changed.append("quiet")
    if "weekends" in options:
        target.skip_weekends = not parse_bool(options["weekends"])
        changed.append("weekends")
    if "pause" in options:
        if _is_off(options["pause"]):
            target.paused_until = None
        else:
            today = ctx.now.astimezone(ctx.zone).date()
            day = parse_date(options["pause"], today=today, lang=ctx.lang)
            target.paused_until = require_future(day, today, ctx.lang)
        changed.append("pause")
    target.updated_at = ctx.now


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
            await _show_meeting(ctx)
            return
        await _meeting(ctx, spec)
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
        await _show(ctx)
        return
    changed: list[str] = []
    if group_scope:
        _require_coordinator(ctx)
        if "channel" in ctx.options:
            raise UsageError(MSG_CHANNEL_IS_PERSONAL)
        settings = await repo.ensure_group_settings(ctx.session, group.id, ctx.now)
        _apply_common(ctx, settings, changed)
        if "state" in ctx.options:
            group.state = (
                None if _is_off(ctx.options["state"]) else normalize_state(ctx.options["state"])
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
        _apply_common(ctx, own, changed)
    await ctx.session.flush()
    await _replan(ctx)
    await _show(ctx, saved=("group" if group_scope else "own", changed))


def _require_coordinator(ctx: Context, message: str = MSG_GROUP_ONLY_COORDINATORS) -> None:
    from bot.roles import ROLE_NAMES

    if ctx.role != COORDINATOR:
        raise NotAllowed(message, role=ctx.t(ROLE_NAMES[ctx.role]))


async def _replan(ctx: Context) -> None:
    await ctx.session.flush()
    await replan(ctx.services, ctx.session, ctx.require_group().id, ctx.now)


async def _show_meeting(ctx: Context) -> None:
    """The group's meeting rule and the next meeting, or that none is set; with how to set it."""
    group = ctx.require_group()
    settings = await repo.group_settings(ctx.session, group.id)
    rule = stored_meeting_rule(group, settings, lambda at: at.astimezone(ctx.zone))
    if rule is None:
        ctx.reply(
            ctx.t(
                N_(
                    "No meeting reminders are set. To have the agenda posted before each "
                    "meeting: /reminders meeting every 2nd tuesday 17:00"
                )
            )
        )
        return
    ctx.reply(
        _meeting_text(ctx, rule)
        + "\n"
        + ctx.t(N_("Change: /reminders meeting <rule> · stop: /reminders meeting off"))
    )


def _meeting_text(ctx: Context, rule: MeetingRule) -> str:
    upcoming = rule.occurrences(ctx.now, ctx.zone, count=1)
    return ctx.t(
        N_(
            "Meeting reminders: {rule}. Next meeting: {next}. A reminder with the agenda "
            "(what is due, open and new) goes to the group chat the day before and two "
            "hours before."
        ),
        rule=describe_rule(rule, ctx.tr),
        next=format_datetime(upcoming[0], ctx.zone, ctx.lang) if upcoming else "—",
    )


async def _meeting(ctx: Context, spec: str) -> None:
    group = ctx.require_group()
    settings = await repo.ensure_group_settings(ctx.session, group.id, ctx.now)
    settings.updated_at = ctx.now
    if _is_off(spec):
        settings.meeting_rule = None
        ctx.reply(ctx.t(N_("Meeting reminders are off.")))
        return
    today = ctx.now.astimezone(ctx.zone).date()
    rule = parse_meeting_rule(spec, today=today)
    settings.meeting_rule = rule.spec()
    await ctx.session.flush()
    ctx.reply(_meeting_text(ctx, rule))


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
        f"{group.state} ({STATES.get(group.state, '')})"
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


async def _show(ctx: Context, *, saved: tuple[str, list[str]] | None = None) -> None:
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
        lines.append(ctx.t(N_("{command} shows all settings."), command=ctx.as_typed))
        ctx.reply("\n".join(lines))
        return
    if others:
        own_head = ctx.t(N_("Your reminders (in all your steering groups):"))
    lines = [own_head, *(f"• {line}" for _, line in own_lines), "", group_head]
    if ctx.role == OBSERVER:  # nothing of this group comes to a guest: say so first
        lines[:0] = [_guest_line(ctx, group), ""]
    lines += [f"• {line}" for _, line in block.lines]
    for other, membership in others:
        lines.append("")
        if membership.role == OBSERVER:
            lines.append(_guest_line(ctx, other))
        lines.append(ctx.t(N_("Group {group}:"), group=other.name))
        lines += [f"• {line}" for _, line in (await _group_block(ctx, other)).lines]
    lines += [
        "",
        ctx.t(
            N_(
                "Change yours: /reminders offsets=14d,3d,0d channel=direct|group "
                "quiet=20:00-07:00 weekends=off pause=in 2 weeks (pause=off)"
            )
        ),
    ]
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


async def digest(ctx: Context) -> None:
    """/digest: the coordinator digest, now."""
    engine = ctx.services.extras.get("reminders")
    group = ctx.require_group()
    ask = ctx.role in EDITORS  # who may /assign the measures it lists as nobody's
    if engine is None:
        from bot.scheduling.digest import digest_text

        ctx.reply(await digest_text(ctx.session, group, ctx.tr, ctx.now, None, ask=ask))
        return
    ctx.reply(await engine.digest(ctx.session, group, ctx.tr, ctx.now, ask=ask))


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
    ]
