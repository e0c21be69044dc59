"""Settings of the Matrix adapter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MatrixConfig:
    """How the bot logs in and whom it serves.

    Log in with ``password`` or ``access_token``; the device id and token of the session are
    kept in ``data_dir/matrix_session.json`` so a restart is the same device. Invites are
    accepted from users matching a glob in ``allowed_users`` (``@*:stadt.example``) or from a
    server in ``allowed_servers``; only when both lists are empty is everybody allowed.
    """

    homeserver: str
    user_id: str
    data_dir: Path
    password: str | None = None
    access_token: str | None = None
    device_id: str | None = None
    allowed_users: tuple[str, ...] = ()
    allowed_servers: tuple[str, ...] = ()
    encryption: bool = True
    device_name: str = "steerbot"
    # Long-poll time of one /sync in milliseconds.
    sync_timeout_ms: int = 30_000
    # How often a rate-limited send is retried before RateLimited is raised.
    rate_limit_retries: int = 5
    # Upper bound of the exponential backoff while the homeserver is unreachable (seconds).
    max_backoff: float = 30.0
