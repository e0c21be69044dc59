"""Roles in a steering group and who may do what by default."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from bot.errors import CommandError
from bot.i18n import N_

if TYPE_CHECKING:
    from bot.context import Context

COORDINATOR = "coordinator"
MEMBER = "member"
YOUTH = "youth"
OBSERVER = "observer"
STRANGER = "stranger"

# What a held notice of a role change is about (``bot.scheduling.notices``): a later change of
# the person's role in the group supersedes one not sent yet.
ROLE_TOPIC = "role"

# The kind of a chat bound with /bind youth (a group's steering chats are "steering").
YOUTH_CHAT = "youth"

ROLES = (COORDINATOR, MEMBER, YOUTH, OBSERVER)
EVERYONE = frozenset({COORDINATOR, MEMBER, YOUTH, OBSERVER, STRANGER})
MEMBERS = frozenset({COORDINATOR, MEMBER, YOUTH, OBSERVER})
CONTRIBUTORS = frozenset({COORDINATOR, MEMBER, YOUTH})
COORDINATORS = frozenset({COORDINATOR})
EDITORS = frozenset({COORDINATOR, MEMBER})  # who edits measures (youth: see /status)

# Where someone refused a command about ideas finds their own (/myideas).
MY_IDEAS_HINT = N_("What became of your ideas: /myideas")

ROLE_NAMES = {
    COORDINATOR: N_("coordinator"),
    MEMBER: N_("member"),
    YOUTH: N_("youth representative"),
    OBSERVER: N_("guest"),
    STRANGER: N_("not a member"),
}

# What people type for a role, in German and English (folded: lower case, no accents).
ROLE_WORDS = {
    "coordinator": COORDINATOR,
    "koordinator": COORDINATOR,
    "koordinatorin": COORDINATOR,
    "koordination": COORDINATOR,
    "member": MEMBER,
    "mitglied": MEMBER,
    "youth": YOUTH,
    "jugend": YOUTH,
    "jugendvertretung": YOUTH,
    "jugendvertreter": YOUTH,
    "jugendvertreterin": YOUTH,
    "guest": OBSERVER,
    "observer": OBSERVER,
    "beobachter": OBSERVER,
    "beobachterin": OBSERVER,
    "gast": OBSERVER,
}


def direct_only(ctx: Context) -> CommandError:
    """The refusal for a command typed in a group chat that works only in a direct chat."""
    return CommandError(
        N_("/{command} works in a direct chat with me. Please write to me directly."),
        command=ctx.typed,
    )


NOT_YET_IN_A_GROUP = N_(
    "You are not in a steering group yet. Ask a coordinator for an invite code and type "
    "/join <code>."
)
NO_LONGER_IN_A_GROUP = N_(
    "You are no longer in a steering group. To take part again, ask a coordinator for a new "
    "invite code and type /join <code>."
)


def no_group(ctx: Context) -> CommandError:
    """The refusal for a command that needs a steering group where there is none: in a direct
    chat the person is in none yet, in a group chat the chat is not one yet."""
    if ctx.is_direct:
        # Someone who has left is told so by the dispatcher (NO_LONGER_IN_A_GROUP).
        return CommandError(NOT_YET_IN_A_GROUP)
    return CommandError(
        N_(
            "This chat is not a steering group yet. A coordinator can set it up with "
            "/setup <name of the town>."
        )
    )


# A guest is refused as someone who reads along, not as someone lacking a rank.
GUEST_REFUSED = N_("As a guest you read along; /{command} is for: {roles}.")


def not_allowed(ctx: Context, roles: Collection[str], group: str) -> CommandError:
    """The refusal for someone whose role may not use the command they typed: a stranger is
    told how to join ``group``, a guest that they read along, anyone else which ``roles`` may."""
    if ctx.role == STRANGER:
        return CommandError(
            N_(
                "Only members of the steering group {group} can do that. Ask a "
                "coordinator for an invite code and type /join <code>."
            ),
            group=group,
        )
    names = ", ".join(ctx.t(ROLE_NAMES[r]) for r in ROLES if r in roles)
    if ctx.role == OBSERVER:
        return CommandError(GUEST_REFUSED, command=ctx.typed, roles=names)
    return CommandError(
        N_("Only {roles} may use /{command}; you are {role}."),
        roles=names,
        command=ctx.typed,
        role=ctx.t(ROLE_NAMES[ctx.role]),
    )
