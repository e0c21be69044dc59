"""The message a due-date nudge with buttons went out as, kept on its outbox row
(``reminders.message``) so that the buttons can be taken off once the nudge is answered —
by a press or by a command typed by anyone — with a line saying what happened. A due date's
nudge that names a milestone on the same day loses only that milestone's button once it is
reached (``without``), and is kept with the rest."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from bot.events import ChatRef, Choice, Reply, SentRef, UserRef


@dataclass(frozen=True)
class NudgeMessage:
    """Where the nudge is (``ref``), what it said (``text``, with the mentions it led with in a
    group chat) and in which language (for the line added when it is answered)."""

    ref: SentRef
    text: str
    lang: str
    mention: tuple[UserRef, ...] = ()
    #: its buttons (kept from when one of them can go while the others stay)
    choices: tuple[Choice, ...] = ()

    def dumps(self) -> str:
        chat = self.ref.chat
        return json.dumps(
            {
                "ref": [chat.platform, chat.chat_id, chat.thread_id, self.ref.message_id],
                "direct": chat.is_direct,
                "text": self.text,
                "lang": self.lang,
                "mention": [[u.platform, u.user_id, u.display_name] for u in self.mention],
                "choices": [[c.label, c.action] for c in self.choices],
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
            choices = tuple(Choice(label, action) for label, action in data.get("choices", []))
            ref = SentRef(chat, message_id)
            return cls(ref, data["text"], data["lang"], mention, choices)
        except (ValueError, KeyError, TypeError):
            return None

    def answered(self, line: str) -> Reply:
        """The nudge as it reads once answered: its text and ``line``, without the buttons."""
        return Reply(f"{self.text}\n{line}", mention=self.mention)

    def without(self, action: str, line: str, *, drop: str = "") -> NudgeMessage:
        """The nudge as it reads once its button ``action`` no longer applies: its text
        without the line ``drop`` (what asked for the press) and with ``line``, with its
        other buttons."""
        rest = tuple(c for c in self.choices if c.action != action)
        kept = [old for old in self.text.split("\n") if not drop or old != drop]
        return replace(self, text="\n".join([*kept, line]), choices=rest)

    def reply(self) -> Reply:
        return Reply(self.text, choices=self.choices, mention=self.mention)


__all__ = ["NudgeMessage"]
