"""Delivering outgoing messages through the right adapter, with retries on rate limits."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import Counter
from collections.abc import Awaitable, Callable

from bot.adapter import Adapter, DeliveryFailed, FileUnavailable, RateLimited
from bot.context import Outgoing
from bot.events import ChatRef, IncomingFile, Reply, SentRef, UserRef
from bot.services import Services
from bot.text_parts import split_text
from storage.repo import people

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
MAX_ATTEMPTS = 5
FETCH_SECONDS = 60.0  # a file a person sent: past this the platform is not handing it out


class Messenger:
    """Sends replies and personal messages; knows every running adapter by platform."""

    def __init__(self, services: Services, sleep: Sleep = asyncio.sleep) -> None:
        self.services = services
        self.adapters: dict[str, Adapter] = {}
        self._sleep = sleep

    def register(self, adapter: Adapter) -> None:
        self.adapters[adapter.name] = adapter

    async def deliver(self, outgoing: list[Outgoing]) -> None:
        """Send everything a unit of work produced, in order."""
        for item in outgoing:
            try:
                ref: SentRef | None = None
                if item.drop_choices is not None:
                    await self.drop_choices(item.drop_choices)
                elif item.edit is not None:
                    await self.edit(item.edit, item.reply)
                elif item.chat is not None:
                    if item.unless_removable and await self.can_remove(item.chat) is not False:
                        continue
                    reply = item.reply
                    if item.remove is not None and not await self.remove(item.chat, item.remove):
                        reply = item.kept or item.reply
                    ref = await self.send(item.chat, reply)
                elif item.person_id is not None:
                    ref = await self.send_to_person(
                        item.person_id, item.reply, item.fallback, item.fallback_reply
                    )
                elif item.accounts:
                    ref = await self.send_to_accounts(item.accounts, item.reply)
                if ref is not None and item.on_sent is not None:
                    await item.on_sent(ref)
            except DeliveryFailed as exc:
                log.warning("message not delivered: %s", exc.reason)

    async def edit(self, ref: SentRef, reply: Reply) -> None:
        """Replace a sent message where the platform can edit; where it cannot, an edit that
        takes the choices away still takes the buttons off. Rate limits are waited out like
        for sends."""
        adapter = self.adapters.get(ref.chat.platform)
        if adapter is None:
            return
        if not adapter.capabilities.edits:
            if not reply.choices:
                await self.drop_choices(ref)
            return
        reply = last_part(shown_on(adapter, reply), adapter)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await adapter.edit(ref, reply)
                return
            except RateLimited as exc:
                if attempt == MAX_ATTEMPTS:
                    raise DeliveryFailed("rate limited", permanent=False) from exc
                await self._sleep(exc.retry_after)

    async def drop_choices(self, ref: SentRef) -> None:
        """Take the buttons off a message whose question was answered, where the platform
        shows buttons (or reactions to press); best effort (the answer has been sent either
        way)."""
        adapter = self.adapters.get(ref.chat.platform)
        if adapter is None or not (adapter.capabilities.buttons or adapter.capabilities.reactions):
            return
        try:
            await adapter.drop_choices(ref)
        except Exception:  # the buttons stay; a second press is answered as stale
            log.warning("taking the buttons off message %s failed", ref.message_id, exc_info=True)

    async def remove(self, chat: ChatRef, message_id: str) -> bool:
        """Take someone's message out of ``chat`` where the bot may; False otherwise."""
        adapter = self.adapters.get(chat.platform)
        if adapter is None:
            return False
        try:
            return await adapter.remove(chat, message_id)
        except Exception:  # best effort: the reply says the message is still there
            log.warning("removing message %s failed", message_id, exc_info=True)
            return False

    async def fetch(self, platform: str, file: IncomingFile, limit: int) -> bytes:
        """The bytes of a file someone sent on ``platform``; :class:`FileUnavailable` when the
        adapter cannot hand it out (too large, gone, no answer within a minute)."""
        adapter = self.adapters.get(platform)
        if adapter is None:
            raise FileUnavailable(f"no adapter for {platform}")
        try:
            return await asyncio.wait_for(adapter.fetch(file, limit), FETCH_SECONDS)
        except FileUnavailable:
            raise
        except Exception as exc:  # a timeout or the platform's own error: said as unavailable
            log.warning("fetching a file failed: %s", exc.__class__.__name__)
            raise FileUnavailable(exc.__class__.__name__) from exc

    async def can_remove(self, chat: ChatRef) -> bool | None:
        """Whether the bot may take others' messages out of ``chat``; None when unknown."""
        adapter = self.adapters.get(chat.platform)
        if adapter is None:
            return None
        try:
            return await adapter.can_remove(chat)
        except Exception:  # a question only: not knowing means saying nothing
            log.warning("asking whether messages can be removed failed", exc_info=True)
            return None

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        """Send through the chat's adapter, waiting out rate limits (nothing is dropped)."""
        adapter = self.adapters.get(chat.platform)
        if adapter is None:
            raise DeliveryFailed(f"no adapter for {chat.platform}")
        parts = split_reply(shown_on(adapter, reply), adapter.capabilities.max_text_length)
        sent = None
        for part in parts:
            sent = await self._send_one(adapter, chat, part)
        assert sent is not None
        return sent

    async def _send_one(self, adapter: Adapter, chat: ChatRef, reply: Reply) -> SentRef:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await adapter.send(chat, reply)
            except RateLimited as exc:
                if attempt == MAX_ATTEMPTS:
                    raise DeliveryFailed("rate limited", permanent=False) from exc
                await self._sleep(exc.retry_after)
        raise DeliveryFailed("unreachable")  # pragma: no cover

    async def send_to_person(
        self,
        person_id: int,
        reply: Reply,
        fallback: ChatRef | None,
        fallback_reply: Reply | None = None,
    ) -> SentRef | None:
        """To the person's direct chat on any platform; else a mention in ``fallback`` (never
        for a minor), with ``fallback_reply`` when given (that chat's language). ``None`` when
        there is no way to reach them; when a direct chat failed for now (a timeout, a server
        error) and no other way worked, that failure is raised, so that a caller who retries
        (reminders, round results) tries again later."""
        async with self.services.sessions() as session:
            identities = await people.identities_of(session, person_id)
            person = await people.person_by_id(session, person_id)
        for_now: DeliveryFailed | None = None
        try:
            sent = await self.send_to_accounts(people.accounts_of(identities), reply)
        except DeliveryFailed as exc:
            for_now, sent = exc, None
        if sent is not None:
            return sent
        # Minors are nudged only in their direct chat, never by a mention in a group.
        if fallback is not None and person is not None and not person.is_minor:
            mention = tuple(
                UserRef(i.platform, i.user_id, i.display_name)
                for i in identities
                if i.platform == fallback.platform
            )
            shown = fallback_reply or reply
            return await self.send(fallback, Reply(shown.text, mention=mention, key=shown.key))
        if for_now is not None:
            raise for_now
        return None

    async def send_to_accounts(
        self, accounts: tuple[tuple[UserRef, ChatRef | None], ...], reply: Reply
    ) -> SentRef | None:
        """To the first direct chat of ``accounts`` that works (a known direct chat, else one
        the platform opens); ``None`` when none can be reached, and a failure for now (a
        timeout, a server error) raised when no other way worked, for a caller who retries."""
        for_now: DeliveryFailed | None = None
        for user, known in accounts:
            adapter = self.adapters.get(user.platform)
            if adapter is None:
                continue
            chat = known or await adapter.direct_chat(user)
            if chat is None:
                continue
            try:
                return await self.send(chat, reply)
            except DeliveryFailed as exc:
                log.info("direct message failed (%s); trying the next way", exc.reason)
                if not exc.permanent:
                    for_now = exc
        if for_now is not None:
            raise for_now
        return None


def shown_on(adapter: Adapter, reply: Reply) -> Reply:
    """``reply`` as the platform can show it: without the links into the direct chat where it
    has none (there the bot opens direct chats itself), and without any choices where they are
    more than it can offer in one message (with the text that does not say to tap)."""
    caps = adapter.capabilities
    if caps.max_choices is not None and len(reply.choices) > caps.max_choices:
        text = reply.text if reply.text_without_choices is None else reply.text_without_choices
        return dataclasses.replace(reply, text=text, choices=(), poll_max_selections=None)
    if caps.direct_links or not any(c.opens_direct for c in reply.choices):
        return reply
    return dataclasses.replace(reply, choices=tuple(c for c in reply.choices if not c.opens_direct))


def last_part(edit: Reply, adapter: Adapter) -> Reply:
    """What an edit puts in a message that may have gone out in parts: a reply sent in parts
    is referred to by its last (the one with the choices), and only that part changes; the
    earlier ones stay as they were sent. With the reply it was sent as (``edit.sent``), cut
    again at the same places, the lines the earlier parts show are left out of the edit."""
    limit = adapter.capabilities.max_text_length
    if edit.sent is not None:
        earlier = split_reply(shown_on(adapter, edit.sent), limit)[:-1]
        # Each line as often as the earlier parts show it (the first ones: those parts' own),
        # so that a line the last part repeats, a blank one say, stays in it.
        shown = Counter(line for part in earlier for line in part.text.split("\n"))
        if shown:
            rest = []
            for line in edit.text.split("\n"):
                if shown[line]:
                    shown[line] -= 1
                else:
                    rest.append(line)
            edit = dataclasses.replace(edit, text="\n".join(rest))
    return split_reply(dataclasses.replace(edit, edit_room=0, sent=None), limit)[-1]


def split_reply(reply: Reply, limit: int) -> list[Reply]:
    """A reply over the platform limit (less its ``edit_room``) as several replies: the first
    keeps the reply relation and the mentions, the last the choices and attachments; keys
    stay unique per piece."""
    texts = split_text(reply.text, max(limit - reply.edit_room, limit // 2))
    if len(texts) == 1:
        return [reply]
    last = len(texts) - 1
    return [
        dataclasses.replace(
            reply,
            text=text,
            choices=reply.choices if i == last else (),
            attachments=reply.attachments if i == last else (),
            poll_max_selections=reply.poll_max_selections if i == last else None,
            mention=reply.mention if i == 0 else (),
            in_reply_to=reply.in_reply_to if i == 0 else None,
            key=f"{reply.key}#{i + 1}" if reply.key else None,
        )
        for i, text in enumerate(texts)
    ]
