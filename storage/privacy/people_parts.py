"""Personal data parts for people: the person, identities, memberships, invites, erasure codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, I18n
from storage.models import (
    ErasureRequest,
    Group,
    GroupEvent,
    Identity,
    Invite,
    Membership,
    Person,
)
from storage.privacy.erasure import former_member, group_names, iso, mentions_any, names_of, scrub
from storage.privacy.parts import Retention, affected


class PersonsPart:
    """The person row: name, language, minor flag and name setting. Erasure keeps an empty
    tombstone (``forgotten_at``) so rows of other capabilities never dangle."""

    name = "person"
    title = N_("You")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        person = await session.get(Person, person_id)
        if person is None or person.forgotten_at is not None:
            return {}
        found: dict[str, Any] = {
            "display_name": person.display_name,
            "language": person.lang or "",
            "minor": person.is_minor,
            "name_shown_to_group": person.show_name or not person.is_minor,
            "first_seen": iso(person.created_at),
        }
        if person.age_answered_at is not None:
            found["age_question_answered"] = iso(person.age_answered_at)
        if person.direct_group_id is not None:  # chosen with /group
            chosen = await session.get(Group, person.direct_group_id)
            found["group_for_direct_chat"] = chosen.name if chosen is not None else ""
        return found

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(
                display_name="",
                lang=None,
                is_minor=False,
                show_name=True,
                direct_group_id=None,
                age_answered_at=None,
                forgotten_at=now,
            )
        )


class IdentitiesPart:
    """Platform accounts: platform, user id, display name, direct chat."""

    name = "identities"
    title = N_("Your accounts")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        rows = await session.scalars(
            select(Identity).where(Identity.person_id == person_id).order_by(Identity.id)
        )
        accounts = [
            {
                "platform": i.platform,
                "user_id": i.user_id,
                "display_name": i.display_name,
                "direct_chat": i.direct_chat_id or "",
            }
            for i in rows
        ]
        return {"accounts": accounts} if accounts else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(Identity).where(Identity.person_id == person_id))


class MembershipsPart:
    """Roles in steering groups."""

    name = "memberships"
    title = N_("Your steering groups")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        rows = await session.execute(
            select(Membership, Group.name)
            .join(Group, Group.id == Membership.group_id)
            .where(Membership.person_id == person_id)
            .order_by(Membership.id)
        )
        groups = [
            {"group": name, "role": m.role, "joined": iso(m.joined_at)} for m, name in rows.all()
        ]
        return {"groups": groups} if groups else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(Membership).where(Membership.person_id == person_id))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import closed_groups_due

        due = await closed_groups_due(session, now, retention)
        if not due:
            return {"memberships of closed groups": 0}
        result = await session.execute(delete(Membership).where(Membership.group_id.in_(due)))
        return {"memberships of closed groups": affected(result)}


class InvitesPart:
    """Invite codes the person made or used; erasure unlinks them (codes are not personal)."""

    name = "invites"
    title = N_("Invite codes")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        names = await group_names(session)
        made = [
            {
                "code": i.code,
                "group": names.get(i.group_id, ""),
                "role": i.role,
                "created": iso(i.created_at),
                "expires": iso(i.expires_at),
                # Whether it was used, never by whom: that is someone else's data.
                "used": i.used_at is not None,
            }
            for i in await session.scalars(
                select(Invite).where(Invite.created_by == person_id).order_by(Invite.id)
            )
        ]
        used = [
            {"code": i.code, "group": names.get(i.group_id, ""), "used": iso(i.used_at)}
            for i in await session.scalars(
                select(Invite).where(Invite.used_by == person_id).order_by(Invite.id)
            )
        ]
        out: dict[str, Any] = {}
        if made:
            out["made"] = made
        if used:
            out["used"] = used
        return out

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(
            update(Invite).where(Invite.created_by == person_id).values(created_by=None)
        )
        await session.execute(
            update(Invite).where(Invite.used_by == person_id).values(used_by=None)
        )

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import closed_groups_due

        due = await closed_groups_due(session, now, retention)
        if not due:
            return {"invites of closed groups": 0}
        result = await session.execute(delete(Invite).where(Invite.group_id.in_(due)))
        return {"invites of closed groups": affected(result)}


class GroupEventsPart:
    """The audit trail of a group's people (``/role``): the changes the person made, and
    those made to them. Entries stay for the group; erasure unlinks the person (shown as
    "former member") and scrubs their names from the text, as for the measures' history."""

    name = "group_history"
    title = N_("Changes of roles")

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        names = await group_names(session)
        rows = await session.scalars(
            select(GroupEvent)
            .where((GroupEvent.actor_id == person_id) | (GroupEvent.subject_id == person_id))
            .order_by(GroupEvent.at, GroupEvent.id)
        )
        made, received = [], []
        for event in rows:
            group, at = names.get(event.group_id, ""), iso(event.at)
            if event.subject_id == person_id:  # who changed it is someone else's data
                # joining has no role before it, leaving none after it: "change" says which
                # an entry is, so a join does not read as a role changed to the one joined in
                received.append(
                    {
                        "group": group,
                        "at": at,
                        "change": event.field,
                        "role_before": event.old,
                        "role_after": event.new,
                    }
                )
            elif event.actor_id == person_id:  # whose role, and to what: someone else's data
                made.append({"group": group, "at": at})
        out: dict[str, Any] = {}
        if received:
            out["your_role"] = received
        if made:
            out["roles_you_changed"] = made
        return out

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        names = await names_of(session, person_id)
        groups = set(
            await session.scalars(
                select(GroupEvent.group_id).where(
                    (GroupEvent.actor_id == person_id) | (GroupEvent.subject_id == person_id)
                )
            )
        )
        groups.update(
            await session.scalars(
                select(Membership.group_id).where(Membership.person_id == person_id)
            )
        )
        await session.execute(
            update(GroupEvent).where(GroupEvent.actor_id == person_id).values(actor_id=None)
        )
        await session.execute(
            update(GroupEvent).where(GroupEvent.subject_id == person_id).values(subject_id=None)
        )
        if not names or not groups:
            return
        replacement_in = await former_member(session, self.i18n)
        for event in await session.scalars(
            select(GroupEvent).where(GroupEvent.group_id.in_(groups))
        ):
            replacement = replacement_in(event.group_id)
            for column in ("old", "new", "note"):
                value = getattr(event, column)
                if value and mentions_any(value, names):
                    setattr(event, column, scrub(value, names, replacement))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import unlink_in_closed_groups

        return await unlink_in_closed_groups(
            session,
            now,
            retention,
            GroupEvent,
            ("actor_id", "subject_id"),
            "role changes unlinked from people",
        )


class ErasureRequestsPart:
    """A pending ``/forget`` confirmation code."""

    name = "erasure_request"
    title = N_("Pending erasure request")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        found = await session.scalar(
            select(ErasureRequest).where(ErasureRequest.person_id == person_id)
        )
        if found is None:
            return {}
        return {"requested": iso(found.created_at), "expires": iso(found.expires_at)}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(ErasureRequest).where(ErasureRequest.person_id == person_id))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        result = await session.execute(
            delete(ErasureRequest).where(ErasureRequest.expires_at <= now)
        )
        return {"expired erasure codes": affected(result)}
