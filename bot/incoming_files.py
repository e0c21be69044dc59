"""Files people send: which command a file without a command is for, and fetching the bytes
before the unit of work opens (a download must not hold the database's write lock)."""

from __future__ import annotations

import dataclasses

from bot.adapter import FileUnavailable
from bot.events import TOO_LARGE, UNAVAILABLE, IncomingFile, Message
from bot.parsing import CommandLine
from bot.services import Services

# A workshop list of a few hundred measures is a few hundred kilobytes; nothing the bot reads
# needs more, and a bigger file is not fetched at all.
MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class AskedFor:
    """A file sent without a command answers ``line``'s request, made for ``group_id``."""

    line: CommandLine
    group_id: int


async def command_for_file(services: Services, message: Message) -> AskedFor | None:
    """The command a file sent without one goes to, and the group it was asked for: the first
    command that awaits a file from this sender in this chat (``Command.awaits_file``); None
    when none does (the file is not ours)."""
    takers = [c for c in services.registry if c.awaits_file is not None]
    if not message.files or not takers:
        return None
    async with services.sessions() as session:
        for command in takers:
            assert command.awaits_file is not None
            group_id = await command.awaits_file(session, message, services.clock.now())
            if group_id is not None:
                return AskedFor(CommandLine(command.name, None, ""), group_id)
    return None


async def with_file_data(services: Services, message: Message) -> Message:
    """``message`` with the bytes of its files, or for each the reason they are missing."""
    files = [await _fetched(services, message.chat.platform, f) for f in message.files]
    return dataclasses.replace(message, files=tuple(files))


async def _fetched(services: Services, platform: str, file: IncomingFile) -> IncomingFile:
    if file.size is not None and file.size > MAX_FILE_BYTES:
        return dataclasses.replace(file, problem=TOO_LARGE)
    try:
        data = await services.fetch(platform, file, MAX_FILE_BYTES)
    except FileUnavailable as exc:
        return dataclasses.replace(file, problem=TOO_LARGE if exc.too_large else UNAVAILABLE)
    if len(data) > MAX_FILE_BYTES:
        return dataclasses.replace(file, problem=TOO_LARGE)
    return dataclasses.replace(file, data=data, size=len(data))
