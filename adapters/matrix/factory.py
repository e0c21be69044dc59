"""Builds the Matrix adapter from the app's settings (called by ``bot.app``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.matrix.adapter import MatrixAdapter
from adapters.matrix.config import MatrixConfig

if TYPE_CHECKING:
    from bot.app import App


def split_list(raw: str) -> tuple[str, ...]:
    """``"a, b c"`` -> ``("a", "b", "c")``: settings lists are comma or space separated."""
    return tuple(part for part in raw.replace(",", " ").split() if part)


def matrix_config(app: App) -> MatrixConfig:
    """The adapter settings from ``MATRIX_*`` (see docs/matrix.md)."""
    s = app.settings
    if not s.matrix_homeserver or not s.matrix_user_id:
        raise ValueError("MATRIX_HOMESERVER and MATRIX_USER_ID are required for Matrix")
    password = s.matrix_password.get_secret_value() if s.matrix_password else None
    token = s.matrix_access_token.get_secret_value() if s.matrix_access_token else None
    return MatrixConfig(
        homeserver=s.matrix_homeserver,
        user_id=s.matrix_user_id,
        password=password or None,
        access_token=token or None,
        device_id=s.matrix_device_id or None,
        data_dir=s.data_dir,
        allowed_users=split_list(s.matrix_allowed_users),
        allowed_servers=split_list(s.matrix_allowed_servers),
        encryption=s.matrix_encryption,
    )


def matrix_adapter(app: App) -> MatrixAdapter:
    """The Matrix adapter wired to the app's durable key-value store and language."""
    return MatrixAdapter(
        matrix_config(app),
        app.state,
        app.services.i18n(app.settings.lang),
        on_room_upgrade=app.move_chat,
    )
