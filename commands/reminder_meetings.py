"""/reminders meeting: the group's meeting reminders, shown and set."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.i18n import N_
from bot.reminders import MeetingRule, parse_meeting_rule
from bot.roles import COORDINATOR
from bot.scheduling.meetings import (
    FIRST_MEETING_NEW_DAYS,
    NewProposals,
    agenda_lines,
    describe_rule,
    meeting_under_way,
    new_proposals,
)
from bot.scheduling.planner import stored_meeting_rule
from bot.values import format_datetime
from commands.reminder_options import is_off
from storage.repo import reminders as repo


async def show_meeting(ctx: Context) -> None:
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
        meeting_text(ctx, rule)
        + "\n"
        + ctx.t(N_("Change: /reminders meeting <rule> · stop: /reminders meeting off"))
        + "\n"
        + ctx.t(N_("The agenda as it stands now: /agenda"))
    )


async def agenda(ctx: Context) -> None:
    """/agenda: the next meeting's agenda as it would be posted now (the group chat gets it
    the day before); on a meeting's day from its time on, that meeting's (it is what the room
    looks at), with when the one after it is; with no meeting rule, the agenda as of today,
    new proposals being those of the last four weeks (as before a first meeting)."""
    group = ctx.require_group()
    settings = await repo.group_settings(ctx.session, group.id)
    rule = stored_meeting_rule(group, settings, lambda at: at.astimezone(ctx.zone))
    upcoming = rule.occurrences(ctx.now, ctx.zone, count=1) if rule else []
    now_on = meeting_under_way(rule, ctx.now, ctx.zone) if rule else None
    after: list[str] = []
    if rule and now_on is not None:
        meeting = now_on
        at = meeting.astimezone(ctx.zone).strftime("%H:%M")
        lines = [
            ctx.t(N_("Today at {time}: steering group meeting."), time=at),
            ctx.t(N_("Agenda as it stands now:")),
        ]
        if upcoming:
            when = format_datetime(upcoming[0], ctx.zone, ctx.lang)
            after.append(ctx.t(N_("The meeting after it: {when}."), when=when))
        since = await new_proposals(ctx.session, group.id, rule, meeting, ctx.zone)
    elif rule and upcoming:
        meeting = upcoming[0]
        when = format_datetime(meeting, ctx.zone, ctx.lang)
        lines = [
            ctx.t(N_("Steering group meeting: {when}."), when=when),
            ctx.t(N_("Agenda as it stands now (the group chat gets it the day before):")),
        ]
        since = await new_proposals(ctx.session, group.id, rule, meeting, ctx.zone)
    else:
        lines = [ctx.t(N_("No meeting is set. The agenda as of today:"))]
        since = NewProposals(ctx.now - timedelta(days=FIRST_MEETING_NEW_DAYS))
    lines += await agenda_lines(ctx.session, group, ctx.tr, ctx.now, since)
    lines += after
    if not upcoming and ctx.role == COORDINATOR:
        lines.append(
            ctx.t(
                N_(
                    "To have it posted before each meeting: "
                    "/reminders meeting every 2nd tuesday 17:00"
                )
            )
        )
    ctx.reply("\n".join(lines))


def meeting_text(ctx: Context, rule: MeetingRule) -> str:
    upcoming = rule.occurrences(ctx.now, ctx.zone, count=1)
    return ctx.t(
        N_(
            "Meeting reminders: {rule}. Next meeting: {next}. The agenda (what is due, open "
            "and new since the last meeting) goes to the group chat the day before, a short "
            "reminder two hours before."
        ),
        rule=describe_rule(rule, ctx.tr),
        next=format_datetime(upcoming[0], ctx.zone, ctx.lang) if upcoming else "—",
    )


async def set_meeting(ctx: Context, spec: str) -> None:
    group = ctx.require_group()
    settings = await repo.ensure_group_settings(ctx.session, group.id, ctx.now)
    settings.updated_at = ctx.now
    if is_off(spec):
        settings.meeting_rule = None
        ctx.reply(ctx.t(N_("Meeting reminders are off.")))
        return
    today = ctx.now.astimezone(ctx.zone).date()
    rule = parse_meeting_rule(spec, today=today)
    settings.meeting_rule = rule.spec()
    await ctx.session.flush()
    ctx.reply(meeting_text(ctx, rule))
