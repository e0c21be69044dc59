"""``steerbot reminders preview --group <id> --until <date>``: the plan, printed, not sent."""

from __future__ import annotations

import sys
from datetime import datetime, time, timedelta

from bot.cli import EXIT_USAGE
from bot.clock import Clock
from bot.config import Settings
from bot.errors import InvalidValue
from bot.values import format_datetime, parse_date
from storage.models import Group, Person


async def preview(
    settings: Settings, group_id: int, until_text: str, *, clock: Clock | None = None
) -> int:
    """Print every nudge planned for the group up to the end of ``until_text``; exit code."""
    from bot.app import App

    app = App(settings, clock=clock, run_scheduler=False)
    try:
        await app.upgrade_database()
        now = app.clock.now()
        async with app.sessions() as session:
            group = await session.get(Group, group_id)
            if group is None:
                print(
                    f"steerbot: there is no group {group_id} (steerbot groups lists them)",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            zone = group.tz
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(zone)
        try:
            last_day = parse_date(until_text, today=now.astimezone(tz).date(), lang=settings.lang)
        except InvalidValue as exc:
            # In English, as every other line of the command line (not STEERBOT_LANG's).
            refusal = app.services.i18n("en").t(exc.message, **exc.params)
            print(f"steerbot: --until: {refusal}", file=sys.stderr)
            return EXIT_USAGE
        until = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=tz)
        rows = await app.reminders.preview(group_id, until, now)
        async with app.sessions() as session:
            names = {
                p.id: p.display_name
                for p in [await session.get(Person, r.person_id) for r in rows if r.person_id]
                if p is not None
            }
        print(f"{group.name}: {len(rows)} nudges planned until {last_day.isoformat()} ({zone})")
        for row in rows:
            when = format_datetime(row.due_at, tz, settings.lang)
            who = names.get(row.person_id or 0, "?") if row.person_id else "group chat"
            print(f"{when}  {row.kind:<14} → {who:<20} {row.key}")
        return 0
    finally:
        await app.engine.dispose()
