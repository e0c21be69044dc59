"""Logging in: by access token, by password, and refusing wrong credentials."""

from __future__ import annotations

import pytest

from adapters.matrix import MatrixAdapter, MatrixConfig, MatrixLoginError
from bot.events import Message
from bot.state import MemoryKeyValueStore
from tests.wire.matrix.helpers import RecordingSink, room_with_bot

pytestmark = pytest.mark.synapse


async def test_login_with_an_access_token_uses_its_device(synapse, make_human, tmp_path):
    account = await synapse.register_full(synapse.unique("tokenbot"))
    config = MatrixConfig(
        homeserver=synapse.url,
        user_id=account["user_id"],
        access_token=account["access_token"],
        data_dir=tmp_path / "bot",
        sync_timeout_ms=1000,
    )
    adapter = MatrixAdapter(config, MemoryKeyValueStore())
    sink = RecordingSink()
    await adapter.start(sink)
    try:
        alice = await make_human("alice")
        room = await room_with_bot(alice, account["user_id"])
        said = await alice.say(room, "!hilfe")
        message = await sink.wait_for(lambda e: e.event_id == said)
        assert adapter.client is not None
        assert adapter.client.device_id == account["device_id"]
        assert isinstance(message, Message)
    finally:
        await adapter.stop()


async def test_wrong_password_is_refused_clearly(synapse, tmp_path):
    account = await synapse.register_full(synapse.unique("pwbot"))
    config = MatrixConfig(
        homeserver=synapse.url,
        user_id=account["user_id"],
        password="not the password",
        data_dir=tmp_path / "bot",
    )
    adapter = MatrixAdapter(config, MemoryKeyValueStore())

    with pytest.raises(MatrixLoginError, match="M_FORBIDDEN"):
        await adapter.start(RecordingSink())
    await adapter.stop()
    assert not (tmp_path / "bot" / "matrix_session.json").exists()
