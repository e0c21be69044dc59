"""Whom the bot follows into a room: the invite policy."""

from __future__ import annotations

from fnmatch import fnmatchcase


def server_of(user_id: str) -> str:
    """The server part of a Matrix user id (``@alice:stadt.example`` -> ``stadt.example``)."""
    return user_id.partition(":")[2]


def invite_allowed(
    inviter: str, allowed_users: tuple[str, ...], allowed_servers: tuple[str, ...]
) -> bool:
    """Whether an invite from ``inviter`` is accepted.

    Both lists empty: everybody is allowed (a private homeserver). Otherwise the inviter must
    match a glob in ``allowed_users`` or belong to a server in ``allowed_servers``.
    """
    if not allowed_users and not allowed_servers:
        return True
    if any(fnmatchcase(inviter, pattern) for pattern in allowed_users):
        return True
    return server_of(inviter).lower() in {s.lower() for s in allowed_servers}
