"""A group chat that refuses the bot's posts for good (the bot was removed from it, or may no
longer write there): what was meant for the chat goes to the group's coordinators instead,
each in their direct chat, with a line on why, so that a reminder or a result is not lost
without anyone noticing."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable

from bot.adapter import DeliveryFailed
from bot.events import ChatRef, Reply, SentRef
from bot.i18n import N_
from bot.roles import COORDINATOR, YOUTH_CHAT
from bot.services import Services
from storage.repo import groups as group_repo
from storage.repo import people

log = logging.getLogger(__name__)

SendToPerson = Callable[[int, Reply], Awaitable[SentRef | None]]

WHY = N_(
    "I could not post this in the chat of {group}: I may have been removed from it, or may "
    "not write there any more. Please add me to the chat again, or take the group to another "
    "chat with /move; until then such posts come to the coordinators."
)
WHY_YOUTH = N_(
    "I could not post this in the youth chat of {group}: I may have been removed from it, or "
    "may not write there any more. Please add me to the chat again, or unbind it in the "
    "steering chat with /bind youth off; until then such posts come to the coordinators."
)


async def to_coordinators(
    services: Services, chat: ChatRef, reply: Reply, send: SendToPerson, failure: DeliveryFailed
) -> SentRef:
    """Send ``reply``, refused for good by the group chat ``chat``, to the coordinators of
    the group bound to it; raises ``failure`` when the chat is no group's or none of them
    could be reached."""
    async with services.sessions() as session:
        binding = await group_repo.chat_binding(session, chat.platform, chat.chat_id)
        group = await group_repo.group_by_id(session, binding.group_id) if binding else None
        members = await people.members_of(session, group.id) if group else []
    coordinators = [person.id for person, m in members if m.role == COORDINATOR]
    if group is None or not coordinators:
        raise failure
    assert binding is not None
    why = services.i18n(group.lang).t(
        WHY_YOUTH if binding.kind == YOUTH_CHAT else WHY, group=group.name
    )
    first: SentRef | None = None
    for person_id in coordinators:
        key = f"{reply.key}>p{person_id}" if reply.key else None
        rerouted = dataclasses.replace(reply, text=f"{why}\n\n{reply.text}", mention=(), key=key)
        try:
            sent = await send(person_id, rerouted)
        except DeliveryFailed as exc:
            log.info("a coordinator could not be told either (%s)", exc.reason)
            continue
        first = first or sent
    if first is None:
        raise failure
    log.warning("a %s chat refused a post for good; sent to the coordinators", chat.platform)
    return first
