"""``steerbot groups``: the groups in the database by id, the number that ``export``,
``import`` and ``reminders preview`` take as ``--group``."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from sqlalchemy import func, select

from bot.config import Settings
from storage.models import Chat, Group, Measure


async def group_lines(settings: Settings) -> list[str]:
    """One line per group: id, name, programme, measures, chats (platform and kind), and
    when it was closed. Names no person. The schema is the newest (``bot.cli`` saw to it,
    upgrading only where no bot runs): nothing here changes it beside a running bot."""
    from bot.app import App

    app = App(settings)
    try:
        async with app.sessions() as session:
            groups = (await session.scalars(select(Group).order_by(Group.id))).all()
            counted = select(Measure.group_id, func.count()).group_by(Measure.group_id)
            counts = {gid: n for gid, n in (await session.execute(counted)).all()}
            chats: dict[int, list[str]] = defaultdict(list)
            for chat in await session.scalars(select(Chat).order_by(Chat.id)):
                chats[chat.group_id].append(f"{chat.platform} {chat.kind}")
    finally:
        await app.engine.dispose()
    width = max((len(str(g.id)) for g in groups), default=1)
    lines = []
    for group in groups:
        n = counts.get(group.id, 0)
        parts = [group.programme, f"{n} measure" if n == 1 else f"{n} measures"]
        parts.append("chats: " + (", ".join(chats[group.id]) or "none"))
        if group.closed_at is not None:
            parts.append(f"closed {group.closed_at:%Y-%m-%d}")
        lines.append(f"{group.id:>{width}}  {group.name} ({'; '.join(parts)})")
    return lines


def run(settings: Settings) -> int:
    """Print the groups; the exit code is 0 (also when there is none yet)."""
    lines = asyncio.run(group_lines(settings))
    for line in lines or ["no groups yet: /setup <town> in a group chat makes one"]:
        print(line)
    return 0
