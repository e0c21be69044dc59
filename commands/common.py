"""Small helpers the command modules share: names as shown, dates as shown."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.i18n import N_
from storage.models import Person

YOUTH_PSEUDONYM = N_("Youth representation")
FORMER_MEMBER = N_("former member")


def shown_name(ctx: Context, person: Person | None, *, youth_anonymous: bool = False) -> str:
    """How a person is shown to the group: their name, or a pseudonym where they chose one."""
    if person is None or person.forgotten_at is not None:
        return ctx.t(FORMER_MEMBER)
    if youth_anonymous or (person.is_minor and not person.show_name):
        return ctx.t(YOUTH_PSEUDONYM)
    return person.display_name or "?"


def show_date(ctx: Context, value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if ctx.lang == "de" else value.isoformat()


def show_datetime(ctx: Context, value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(ctx.group.tz if ctx.group else "Europe/Berlin"))
    return local.strftime("%d.%m.%Y %H:%M") if ctx.lang == "de" else local.strftime("%Y-%m-%d %H:%M")
