"""/reminders meeting: the group's meeting reminders, shown and set."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.reminders import MeetingRule, parse_meeting_rule
from bot.scheduling.meetings import describe_rule
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
    )


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
