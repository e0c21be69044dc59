"""The local console: type as different people in a group chat or a direct chat.

A line ``name: text`` is said by ``name`` in the group chat, ``name@dm: text`` in their direct
chat with the bot, ``name#room: text`` in another group chat called ``room`` (e.g. a youth chat),
and a plain line by the current user. ``[2]`` (or ``2``) presses the second choice the bot
offered in that chat (shown as ``[2] …``; many short ones eight to a row).
``anna: @file liste.xlsx`` sends a file from this machine (``@datei`` works too; a path
relative to where the console runs), as after ``/import``. ``>> +3d`` moves the console's
clock (when the app offers time travel). Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import secrets
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.adapter import FileUnavailable, Sink
from bot.events import (
    Action,
    Capabilities,
    ChatRef,
    Choice,
    IncomingFile,
    Message,
    Reply,
    SentRef,
    UserRef,
)

PLATFORM = "console"
GROUP_CHAT = "group"
_LINE = re.compile(
    r"^(?P<name>[\w.\-äöüÄÖÜß]{1,40})(?:(?P<dm>@dm)|#(?P<room>[\w\-]{1,40}))?:\s?(?P<text>.*)$",
    re.DOTALL,
)

_FILE = re.compile(r"^@(?:file|datei)\s+(?P<path>\S.*?)\s*$", re.IGNORECASE)
# Many short choices (a round's measure numbers) sit eight to a row, as Telegram shows them,
# instead of a line each; longer labels keep a line each to stay readable.
PER_ROW = 8
SHORT_LABEL = 4
MANY = 10  # up to this many choices keep a line each

TimeTravel = Callable[[str], Awaitable[str]]


@dataclass(frozen=True)
class ConsoleLine:
    """Who said what where, read from one input line."""

    user: str
    chat: ChatRef
    text: str


def parse_line(line: str, default_user: str) -> ConsoleLine | None:
    """Read one input line; None for blank lines and comments."""
    stripped = line.rstrip("\n")
    if not stripped.strip() or stripped.lstrip().startswith("#"):
        return None
    match = _LINE.match(stripped)
    if match and not stripped.lstrip().startswith(("/", "!")):
        user = match.group("name")
        if match.group("dm"):
            chat = ChatRef(PLATFORM, f"dm:{user}", is_direct=True)
        else:
            chat = ChatRef(PLATFORM, match.group("room") or GROUP_CHAT)
        return ConsoleLine(user, chat, match.group("text"))
    return ConsoleLine(default_user, ChatRef(PLATFORM, GROUP_CHAT), stripped)


class ConsoleAdapter:
    """Reads lines from stdin (a terminal or a script) and prints every reply."""

    name = PLATFORM
    capabilities = Capabilities(
        max_text_length=100_000, buttons=True, edits=True, images=False, markdown="plain"
    )

    def __init__(
        self,
        *,
        user: str = "you",
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        files_dir: Path | None = None,
        time_travel: TimeTravel | None = None,
    ) -> None:
        self.user = user
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout
        self._files_dir = files_dir
        self._time_travel = time_travel
        self._sink: Sink | None = None
        self._ids = itertools.count(1)
        self._run = secrets.token_hex(3)
        # Per chat: the last message with buttons and its choices (what "2" presses).
        self._choices: dict[str, tuple[str, tuple[Choice, ...]]] = {}
        self._messages = itertools.count(1)
        self._output = 0  # lines the bot had printed: whether a line typed got an answer

    @property
    def interactive(self) -> bool:
        return self._in.isatty()

    async def start(self, sink: Sink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        self._sink = None

    async def run(self) -> None:
        """Read until end of input (or ``/quit`` on a terminal), handling each line in turn."""
        if self.interactive:
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401  (line editing and history at the prompt)
            self._print(
                "steerbot console — type as `name: text` (group chat), `name@dm: text` (direct "
                "chat) or just text (as " + self.user + "). /help lists commands, Ctrl-D ends."
            )
        while True:
            if self.interactive:
                line = await asyncio.to_thread(_prompt, f"{self.user}> ")
            else:
                line = await asyncio.to_thread(self._in.readline)
            if line is None or line == "":
                break
            if self.interactive and line.strip() in ("/quit", "/exit"):
                break
            await self.feed(line)

    async def feed(self, line: str) -> None:
        """Handle one input line."""
        if self._sink is None:
            raise RuntimeError("console not started")
        if line.startswith(">>"):
            if self._time_travel is None:
                self._print("(time travel is not available here)")
            else:
                self._print(await self._time_travel(line[2:].strip()))
            return
        parsed = parse_line(line, self.user)
        if parsed is None:
            return
        if not self.interactive:
            self._print(f"{_where(parsed.chat)} {parsed.user}: {parsed.text}")
        sender = UserRef(PLATFORM, parsed.user, parsed.user)
        event_id = f"{self._run}-{next(self._ids)}"
        # "[2]" or a bare "2", as people answer a numbered list
        pressed = re.fullmatch(r"\[(\d{1,3})\]|(\d{1,3})", parsed.text.strip())
        message_id, offered = self._choices.get(parsed.chat.chat_id, ("", ()))
        if pressed:
            index = int(pressed.group(1) or pressed.group(2)) - 1
            if 0 <= index < len(offered):
                action = offered[index].action
                await self._sink(
                    Action(parsed.chat, sender, action, event_id, message_id=message_id)
                )
                return
            if pressed.group(1):  # "[3]" is how the console presses, never a chat message
                self._print(f"({_buttons_offered(offered)})")
                return
        files: tuple[IncomingFile, ...] = ()
        text = parsed.text
        sent_file = _FILE.match(text.strip())
        if sent_file:
            described = await asyncio.to_thread(_describe, sent_file.group("path"))
            if described is None:
                self._print(f"(there is no file {sent_file.group('path')})")
                return
            files, text = (described,), ""
        answers = self._output
        await self._sink(
            Message(parsed.chat, sender, text, event_id, message_id=event_id, files=files)
        )
        if pressed and self._output == answers:
            # A number alone is sent as a chat would (an age answers the age question), but
            # one that nothing answered was likely meant for a button.
            self._print(f"({_buttons_offered(offered)}; “{text.strip()}” was sent as a message)")

    async def fetch(self, file: IncomingFile, limit: int) -> bytes:
        """A file named with ``@file``, read from this machine."""
        try:
            data = await asyncio.to_thread(_read_up_to, file.ref, limit)
        except OSError as exc:
            raise FileUnavailable(exc.strerror or "unreadable") from exc
        if len(data) > limit:
            raise FileUnavailable("too large", too_large=True)
        return data

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        text = reply.text
        if reply.mention:  # as the messengers do: the people it is for lead the message
            names = ", ".join(f"@{u.display_name or u.user_id}" for u in reply.mention)
            text = f"{names}: {text}"
        lines = text.splitlines() or [""]
        text = "\n  ".join(lines)
        self._print(f"{_where(chat)} steerbot: {text}")
        message_id = str(next(self._messages))
        if reply.choices:
            self._choices[chat.chat_id] = (message_id, reply.choices)
            for line in choice_lines(reply.choices):
                self._print(f"  {line}")
        for attachment in reply.attachments:
            where = ""
            if self._files_dir is not None:
                self._files_dir.mkdir(parents=True, exist_ok=True)
                path = self._files_dir / attachment.name
                path.write_bytes(attachment.data)
                where = f" → {path}"
            self._print(f"  📎 {attachment.name} ({len(attachment.data)} bytes){where}")
        return SentRef(chat, message_id)

    async def edit(self, ref: SentRef, reply: Reply) -> None:
        self._print(
            f"{_where(ref.chat)} steerbot (updated): " + "\n  ".join(reply.text.splitlines())
        )
        if not reply.choices:  # edited to have none: a number typed is text again
            self._forget_choices(ref)

    def _forget_choices(self, ref: SentRef) -> None:
        message_id, _offered = self._choices.get(ref.chat.chat_id, ("", ()))
        if message_id == ref.message_id:
            del self._choices[ref.chat.chat_id]

    async def drop_choices(self, ref: SentRef) -> None:
        """As a chat would: the buttons of that message are gone, so a number typed in the
        chat is text again."""
        self._forget_choices(ref)
        self._print(f"{_where(ref.chat)} (steerbot took the buttons off its message)")

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        return ChatRef(PLATFORM, f"dm:{user.user_id}", is_direct=True)

    async def can_remove(self, chat: ChatRef) -> bool | None:
        return True  # see remove

    async def remove(self, chat: ChatRef, message_id: str) -> bool:
        """A line on a terminal stays; the console says what a chat would show instead."""
        self._print(f"{_where(chat)} (steerbot removed the message above from the chat)")
        return True

    def _print(self, text: str) -> None:
        self._output += 1
        print(text, file=self._out, flush=True)


def choice_lines(choices: Sequence[Choice]) -> list[str]:
    """The choices as ``[n] label``, what typing ``n`` presses: a line each, or, when they are
    many and short, eight to a line in columns."""
    shown = [f"[{i}] {choice.label}" for i, choice in enumerate(choices, start=1)]
    if len(choices) <= MANY or max(len(c.label) for c in choices) > SHORT_LABEL:
        return shown
    width = max(len(entry) for entry in shown)
    return [
        "  ".join(entry.ljust(width) for entry in shown[i : i + PER_ROW]).rstrip()
        for i in range(0, len(shown), PER_ROW)
    ]


def _buttons_offered(offered: Sequence[Choice]) -> str:
    """Which numbers press a button in a chat, for a number typed that presses none."""
    if not offered:
        return "no buttons are offered in this chat"
    if len(offered) == 1:
        return "only button 1 is offered in this chat"
    return f"only buttons 1 to {len(offered)} are offered in this chat"


def _describe(typed: str) -> IncomingFile | None:
    path = Path(typed).expanduser()
    if not path.is_file():
        return None
    return IncomingFile(path.name, str(path.resolve()), size=path.stat().st_size)


def _read_up_to(path: str, limit: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def _where(chat: ChatRef) -> str:
    return f"[{chat.chat_id}]"


def _prompt(prompt: str) -> str | None:
    try:
        return input(prompt) + "\n"
    except EOFError:
        return None
