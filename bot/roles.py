"""Roles in a steering group and who may do what by default."""

from __future__ import annotations

from bot.i18n import N_

COORDINATOR = "coordinator"
MEMBER = "member"
YOUTH = "youth"
OBSERVER = "observer"
STRANGER = "stranger"

ROLES = (COORDINATOR, MEMBER, YOUTH, OBSERVER)
EVERYONE = frozenset({COORDINATOR, MEMBER, YOUTH, OBSERVER, STRANGER})
MEMBERS = frozenset({COORDINATOR, MEMBER, YOUTH, OBSERVER})
CONTRIBUTORS = frozenset({COORDINATOR, MEMBER, YOUTH})
COORDINATORS = frozenset({COORDINATOR})

ROLE_NAMES = {
    COORDINATOR: N_("coordinator"),
    MEMBER: N_("member"),
    YOUTH: N_("youth representative"),
    OBSERVER: N_("observer"),
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
    "observer": OBSERVER,
    "beobachter": OBSERVER,
    "beobachterin": OBSERVER,
    "gast": OBSERVER,
}
