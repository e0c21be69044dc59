"""Pure builders: a :class:`~bot.events.Reply` becomes Matrix event content (no I/O here)."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from typing import Any

from bot.events import Choice, File, Reply, UserRef
from bot.text_parts import split_text

MAX_TEXT_LENGTH = 16_000
# Reactions 1..10 on a numbered list; more choices than these are offered as a poll instead
# (see uses_poll), where each of up to 20 answers is one tap.
NUMBER_EMOJIS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
MAX_POLL_ANSWERS = 20

Content = dict[str, Any]


def escape_html(text: str) -> str:
    """Escape user text for ``formatted_body``; newlines become ``<br>``."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def pill(user: UserRef) -> str:
    """An HTML mention pill for ``user``."""
    name = user.display_name or user.user_id
    return f'<a href="https://matrix.to/#/{html.escape(user.user_id)}">{escape_html(name)}</a>'


def numbered_list(choices: Sequence[Choice]) -> str:
    """The choices as a numbered list to append to the text."""
    return "\n".join(f"{i}. {choice.label}" for i, choice in enumerate(choices, start=1))


def text_content(
    text: str,
    *,
    notice: bool = True,
    mention: Sequence[UserRef] = (),
    in_reply_to: str | None = None,
) -> Content:
    """An ``m.room.message`` with plain ``body`` and escaped HTML ``formatted_body``;
    mentioned users lead the message as pills and are listed in ``m.mentions``."""
    body = text
    formatted = escape_html(text)
    if mention:
        names = ", ".join(u.display_name or u.user_id for u in mention)
        body = f"{names}: {text}"
        formatted = ", ".join(pill(u) for u in mention) + ": " + formatted
    content: Content = {
        "msgtype": "m.notice" if notice else "m.text",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": formatted,
        "m.mentions": {"user_ids": sorted({u.user_id for u in mention})},
    }
    if in_reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": in_reply_to}}
    return content


def reply_contents(reply: Reply, limit: int = MAX_TEXT_LENGTH) -> list[Content]:
    """The text messages for ``reply``: split over ``limit``; mentions and the reply relation
    go on the first part. Choices not rendered as a poll are appended as a numbered list,
    unless the text lists them already."""
    text = reply.text
    if reply.choices and not uses_poll(reply) and not reply.choices_listed:
        text = f"{text}\n\n{numbered_list(reply.choices)}" if text else numbered_list(reply.choices)
    parts = split_text(text, limit)
    contents = []
    for index, part in enumerate(parts):
        first = index == 0
        contents.append(
            text_content(
                part,
                notice=reply.notice,
                mention=reply.mention if first else (),
                in_reply_to=reply.in_reply_to if first else None,
            )
        )
    return contents


def in_thread(content: Content, root: str | None) -> Content:
    """``content`` posted into the thread under ``root`` (as Element threads do), keeping a
    reply relation it has; without a root, or for an edit or a reaction, unchanged. Clients
    that do not know threads show it as a reply to the root (``is_falling_back``)."""
    relates = content.get("m.relates_to") or {}
    if not root or "rel_type" in relates:
        return content
    reply_to = relates.get("m.in_reply_to")
    return {
        **content,
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": root,
            "is_falling_back": reply_to is None,
            "m.in_reply_to": reply_to or {"event_id": root},
        },
    }


def uses_poll(reply: Reply) -> bool:
    """Whether ``reply``'s choices are sent as an MSC3381 poll: when the core asks for one, or
    when they are more than the number reactions can press (see :func:`is_pick`)."""
    if not 0 < len(reply.choices) <= MAX_POLL_ANSWERS:
        return False
    return reply.poll_max_selections is not None or len(reply.choices) > len(NUMBER_EMOJIS)


def is_pick(reply: Reply) -> bool:
    """Whether ``reply`` is a poll only because its choices are more than ten: buttons, not a
    vote, so one answer is taken and it counts as pressing that choice."""
    return uses_poll(reply) and reply.poll_max_selections is None


def reactions_for(choices: Sequence[Choice]) -> list[str]:
    """The number emojis offered as reactions for a numbered list (at most ten)."""
    return list(NUMBER_EMOJIS[: min(len(choices), len(NUMBER_EMOJIS))])


def choice_for_reaction(key: str, actions: Sequence[str]) -> str | None:
    """The action of the choice a number reaction stands for, or None."""
    # Some clients send the keycap without the variation selector.
    normalized = {e.replace("\ufe0f", ""): i for i, e in enumerate(NUMBER_EMOJIS)}
    index = normalized.get(key.replace("\ufe0f", ""))
    if index is None or index >= len(actions):
        return None
    return actions[index]


POLL_START = "org.matrix.msc3381.poll.start"
POLL_RESPONSE = "org.matrix.msc3381.poll.response"
POLL_END = "org.matrix.msc3381.poll.end"
STABLE_POLL_START = "m.poll.start"
STABLE_POLL_RESPONSE = "m.poll.response"
STABLE_POLL_END = "m.poll.end"
TEXT = "org.matrix.msc1767.text"
POLL_DISCLOSED = "org.matrix.msc3381.poll.disclosed"
POLL_UNDISCLOSED = "org.matrix.msc3381.poll.undisclosed"
TYPED_NUMBER = re.compile(r"\[(\d{1,2})\]|(\d{1,2})\.?")  # "[12]", "12", "12."


def poll_fallback(
    question: str, choices: Sequence[Choice], listed: bool = False, typed_hint: str | None = None
) -> str:
    """Plain text for clients that do not show polls (the question alone when it ``listed``
    the choices already), ending with ``typed_hint`` (how to answer by typing) when given."""
    text = question if listed else f"{question}\n{numbered_list(choices)}"
    return f"{text}\n\n{typed_hint}" if typed_hint else text


def poll_start_content(
    question: str,
    choices: Sequence[Choice],
    max_selections: int,
    listed: bool = False,
    typed_hint: str | None = None,
) -> Content:
    """An MSC3381 poll; the answer ids are the choices' action strings (``listed``: the
    question lists them already, so the fallback text does not list them again).

    ``typed_hint``: the poll is a pick (:func:`is_pick`): undisclosed, so that a group room
    does not watch the counts of what is one person's choice, and its fallback text ends with
    the hint, since a client without polls can only answer by typing the number
    (:func:`typed_choice`).

    The unstable keys are what Element shows today; the stable ``m.poll`` block (Matrix 1.7
    shape) rides along so that newer clients can read the same event.
    """
    max_sel = max(1, min(max_selections, len(choices)))
    fallback = poll_fallback(question, choices, listed, typed_hint)
    undisclosed = typed_hint is not None
    return {
        POLL_START: {
            "question": {TEXT: question, "body": question, "msgtype": "m.text"},
            "kind": POLL_UNDISCLOSED if undisclosed else POLL_DISCLOSED,
            "max_selections": max_sel,
            "answers": [{"id": c.action, TEXT: c.label} for c in choices],
        },
        "m.poll": {
            "kind": "m.undisclosed" if undisclosed else "m.disclosed",
            "max_selections": max_sel,
            "question": {"m.text": [{"body": question}]},
            "answers": [{"m.id": c.action, "m.text": [{"body": c.label}]} for c in choices],
        },
        TEXT: fallback,
        "m.text": [{"body": fallback}],
        "body": fallback,
    }


def typed_choice(text: str, count: int) -> int | None:
    """The index of the choice a typed message picks ("12", "12." or "[12]", as the numbered
    list shows it), or None when it is not a number from 1 to ``count``."""
    typed = TYPED_NUMBER.fullmatch(text.strip())
    if typed is None:
        return None
    number = int(typed.group(1) or typed.group(2))
    return number - 1 if 1 <= number <= count else None


def poll_end_content(poll_event_id: str, text: str) -> Content:
    """Ends the poll ``poll_event_id`` with ``text`` (the results) as its closing message."""
    return {
        "m.relates_to": {"rel_type": "m.reference", "event_id": poll_event_id},
        POLL_END: {},
        "m.poll.end": {},
        TEXT: text,
        "m.text": [{"body": text}],
        "body": text,
    }


def poll_response_answers(event_type: str, content: Content) -> list[str] | None:
    """The answer ids of a poll response (unstable or stable), or None if it is not one."""
    if event_type == POLL_RESPONSE:
        block = content.get(POLL_RESPONSE)
        answers = block.get("answers") if isinstance(block, dict) else None
    elif event_type == STABLE_POLL_RESPONSE:
        answers = content.get("m.selections")
        if answers is None and isinstance(content.get("m.response"), dict):
            answers = content["m.response"].get("answers")
    else:
        return None
    if not isinstance(answers, list):
        return []
    return [a for a in answers if isinstance(a, str)]


def effective_selection(
    answers: Sequence[str], valid: Sequence[str], max_selections: int
) -> tuple[str, ...]:
    """MSC3381 rules: unknown answers are ignored, duplicates dropped, only the first
    ``max_selections`` count; an empty selection withdraws the vote."""
    seen: list[str] = []
    for answer in answers:
        if answer in valid and answer not in seen:
            seen.append(answer)
    return tuple(seen[:max_selections])


def edit_content(event_id: str, new_content: Content) -> Content:
    """An ``m.replace`` edit of ``event_id``; the outer body is the fallback with a ``*``."""
    outer = {k: v for k, v in new_content.items() if k != "m.relates_to"}
    if "body" in outer:
        outer["body"] = f"* {outer['body']}"
    if "formatted_body" in outer:
        outer["formatted_body"] = f"* {outer['formatted_body']}"
    inner = {k: v for k, v in new_content.items() if k != "m.relates_to"}
    outer["m.new_content"] = inner
    outer["m.relates_to"] = {"rel_type": "m.replace", "event_id": event_id}
    return outer


def file_content(file: File, url: str | None, encrypted_file: Content | None = None) -> Content:
    """An ``m.image`` / ``m.file`` message for an uploaded attachment.

    ``encrypted_file`` (the ``file`` object with key and hashes) replaces ``url`` in encrypted
    rooms."""
    content: Content = {
        "msgtype": "m.image" if file.is_image else "m.file",
        "body": file.caption or file.name,
        "filename": file.name,
        "info": {"mimetype": file.mime_type, "size": len(file.data)},
    }
    if encrypted_file is not None:
        content["file"] = encrypted_file
    else:
        content["url"] = url
    return content


def txn_id(key: str | None, part: str, fallback: str) -> str:
    """The transaction id of one event of a send: derived from ``Reply.key`` when given
    (so a retried send is deduplicated by the homeserver), else from ``fallback``."""
    base = key if key is not None else fallback
    digest = hashlib.sha256(base.encode()).hexdigest()[:32]
    prefix = "sb" if key is not None else "sbr"
    return f"{prefix}{digest}-{part}"
