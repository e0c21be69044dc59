"""The login session on disk: user id, device id and access token (file mode 0600)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

SESSION_FILE = "matrix_session.json"


@dataclass(frozen=True)
class StoredSession:
    """What makes a restart the same device."""

    user_id: str
    device_id: str
    access_token: str


def session_path(data_dir: Path) -> Path:
    """Where the session of the bot in ``data_dir`` is kept."""
    return data_dir / SESSION_FILE


def load_session(data_dir: Path) -> StoredSession | None:
    """The stored session, or None when there is none (or it is unreadable)."""
    path = session_path(data_dir)
    try:
        raw = json.loads(path.read_text())
        return StoredSession(raw["user_id"], raw["device_id"], raw["access_token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_session(data_dir: Path, session: StoredSession) -> None:
    """Write the session readable by the owner only; the token is a password."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = session_path(data_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(asdict(session), fh)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
