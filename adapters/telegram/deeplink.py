"""Deep links (``https://t.me/<bot>?start=<payload>``) and what their payloads mean.

Telegram delivers a deep link as the message ``/start <payload>``; the payload may only use
``A-Za-z0-9_-`` and at most 64 characters. A payload is ``<verb>-<argument>`` and becomes the
command the verb names, so a link can carry an invitation or a ballot:

=================  ==================
payload            becomes
=================  ==================
``join-CODE``      ``/join CODE``
``link-CODE``      ``/link CODE``
``vote-ROUND``     ``/vote ROUND``
``show-ID``        ``/show ID``
``age``            ``/age``
=================  ==================

Any other ``/start`` text is passed on unchanged.
"""

from __future__ import annotations

import re

PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PAYLOAD_COMMANDS = {"join": "join", "link": "link", "vote": "vote", "show": "show"}
BARE_COMMANDS = {"age": "age"}  # payloads that are a command without an argument
_START_RE = re.compile(r"^/start(?:@\w+)?(?:\s+(\S+))?\s*$", re.IGNORECASE)


def valid_payload(payload: str) -> bool:
    """True when Telegram accepts ``payload`` in a ``start`` link."""
    return bool(PAYLOAD_RE.match(payload))


def deep_link(bot_username: str, payload: str) -> str:
    """The ``t.me`` link that opens a direct chat with the bot and sends ``/start payload``."""
    if not valid_payload(payload):
        raise ValueError("deep link payload must be 1-64 characters of A-Z a-z 0-9 _ -")
    return f"https://t.me/{bot_username}?start={payload}"


def payload_for(command: str, argument: str) -> str:
    """The payload that turns into ``/<command> <argument>`` (inverse of :func:`expand_start`)."""
    payload = f"{command}-{argument}"
    if command not in PAYLOAD_COMMANDS or not valid_payload(payload):
        raise ValueError(f"cannot put /{command} {argument} into a deep link")
    return payload


def start_payload(command: str) -> str:
    """The payload for ``command`` (``age``, or ``vote 3`` with its argument)."""
    verb, _, argument = command.strip().partition(" ")
    if not argument and verb in BARE_COMMANDS:
        return verb
    return payload_for(verb, argument.strip())


def expand_start(text: str) -> str:
    """Turn ``/start join-CODE`` into ``/join CODE`` (see the table above); other text as is."""
    match = _START_RE.match(text.strip())
    if not match or not match.group(1):
        return text
    payload = match.group(1)
    if not valid_payload(payload):
        return text
    if payload in BARE_COMMANDS:
        return f"/{BARE_COMMANDS[payload]}"
    verb, sep, argument = payload.partition("-")
    command = PAYLOAD_COMMANDS.get(verb)
    if not sep or not argument or command is None:
        return text
    return f"/{command} {argument}"
