"""Telegram updates → the core's :class:`bot.events.Message` / :class:`bot.events.Action`."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, User
from telegram import Message as TgMessage

from adapters.telegram.deeplink import expand_start
from bot.events import Action, ChatRef, IncomingFile, Message, UserRef

PLATFORM = "telegram"


def chat_ref(chat: Chat, message: TgMessage | None = None) -> ChatRef:
    """The core's reference to a Telegram chat; private chats are direct chats. A message in
    a forum topic carries the topic as ``thread_id`` so the answer lands in the same topic."""
    thread = None
    if message is not None and message.is_topic_message and message.message_thread_id:
        thread = str(message.message_thread_id)
    return ChatRef(PLATFORM, str(chat.id), is_direct=chat.type == Chat.PRIVATE, thread_id=thread)


def user_ref(user: User) -> UserRef:
    """The core's reference to a Telegram user, named by their full name."""
    return UserRef(PLATFORM, str(user.id), user.full_name)


def addressed_to_other_bot(text: str, bot_username: str) -> bool:
    """True for ``/cmd@otherbot …``: in a group every bot sees it, only that bot should answer."""
    if not text.startswith("/"):
        return False
    head = text.split(maxsplit=1)[0]
    _, at, target = head.partition("@")
    return bool(at) and target.lower() != bot_username.lower()


def event_id(update_id: int) -> str:
    """The event id the core dedupes by: the update id, identical when Telegram redelivers."""
    return str(update_id)


def message_to_incoming(update_id: int, message: TgMessage, bot_username: str) -> Message | None:
    """A text message, or the caption of a photo or file ("/vorschlag Skatepark" under a
    photo of the place), as the core's Message; a file (a document, not a photo) comes with
    its description, to be fetched only if the core wants it. None for anything we do not
    pass on."""
    user = message.from_user
    text = message.text if message.text is not None else message.caption
    files = document_of(message)
    if files and text is None:
        text = ""
    if user is None or text is None:
        return None
    if addressed_to_other_bot(text, bot_username):
        return None
    # "/cmd@ourbot" stays as it is: the core's dispatcher strips the bot name itself.
    return Message(
        chat=chat_ref(message.chat, message),
        sender=user_ref(user),
        text=expand_start(text),
        event_id=event_id(update_id),
        sent_at=message.date,
        message_id=str(message.message_id),
        files=files,
    )


def document_of(message: TgMessage) -> tuple[IncomingFile, ...]:
    """The file sent as a document, described by what Telegram says of it (its ``file_id`` is
    the reference for ``getFile``)."""
    doc = message.document
    if doc is None:
        return ()
    return (
        IncomingFile(
            name=doc.file_name or "file",
            ref=doc.file_id,
            mime_type=doc.mime_type or "application/octet-stream",
            size=doc.file_size,
        ),
    )


def callback_to_action(update_id: int, query: CallbackQuery, action: str) -> Action | None:
    """A button press as the core's Action; None when the message is gone (inline mode)."""
    message = query.message
    if message is None:
        return None
    return Action(
        chat=chat_ref(message.chat, message if isinstance(message, TgMessage) else None),
        sender=user_ref(query.from_user),
        ref=action,
        event_id=event_id(update_id),
        message_id=str(message.message_id),
    )
