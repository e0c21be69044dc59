"""The message a due-date nudge with buttons went out as, kept on its outbox row
(``reminders.message``) so that the buttons can be taken off once the nudge is answered —
by a press or by a command typed by anyone — with a line saying what happened."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.events import ChatRef, Reply, SentRef, UserRef


@dataclass(frozen=True)
class NudgeMessage:
    """Where the nudge is (``ref``), what it said (``text``, with the mentions it led with in a
    group chat) and in which language (for the line added when it is answered)."""

    ref: SentRef
    text: str
    lang: str
    mention: tuple[UserRef, ...] = ()

    def dumps(self) -> str:
        chat = self.ref.chat
        return json.dumps(
            {
                "ref": [chat.platform, chat.chat_id, chat.thread_id, self.ref.message_id],
                "direct": chat.is_direct,
                "text": self.text,
                "lang": self.lang,
                "mention": [[u.platform, u.user_id, u.display_name] for u in self.mention],
            },
            ensure_ascii=False,
        )

    @classmethod
    def loads(cls, raw: str | None) -> NudgeMessage | None:
        """The stored message, or None (nothing kept, or unreadable)."""
        try:
            data = json.loads(raw or "null")
            if not isinstance(data, dict):
                return None
            platform, chat_id, thread_id, message_id = data["ref"]
            chat = ChatRef(
                platform, chat_id, is_direct=bool(data.get("direct")), thread_id=thread_id
            )
            mention = tuple(UserRef(p, u, n) for p, u, n in data.get("mention", []))
            return cls(SentRef(chat, message_id), data["text"], data["lang"], mention)
        except (ValueError, KeyError, TypeError):
            return None

    def answered(self, line: str) -> Reply:
        """The nudge as it reads once answered: its text and ``line``, without the buttons."""
        return Reply(f"{self.text}\n{line}", mention=self.mention)


__all__ = ["NudgeMessage"]
