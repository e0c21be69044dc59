"""Direct chats: the room the bot shares with one person alone."""

from __future__ import annotations

from typing import Any

from nio import AsyncClient, MatrixRoom, RoomCreateResponse, RoomPreset

from adapters.matrix.delivery import Retrier
from bot.state import KeyValueStore

ENCRYPTION_STATE = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


def is_dm_with(client: AsyncClient, room_id: str, user_id: str) -> bool:
    """Whether ``room_id`` holds exactly the bot and ``user_id`` (joined or invited)."""
    room = client.rooms.get(room_id)
    return room is not None and user_id in room.users and room.member_count == 2


def existing_dm(client: AsyncClient, user_id: str) -> str | None:
    """A two-person room with ``user_id`` the bot is already in (e.g. one they opened)."""
    for room_id, room in sorted(client.rooms.items()):
        if room.member_count == 2 and user_id in room.users and user_id not in room.invited_users:
            return room_id
    return None


async def direct_room(
    client: AsyncClient, state: KeyValueStore, retrier: Retrier, user_id: str, encrypted: bool
) -> str:
    """The direct room with ``user_id``: the remembered one, one that exists, or a new one
    (encrypted when the bot can encrypt) with the user invited."""
    key = f"matrix:dm:{user_id}"
    room_id = await state.get(key)
    if room_id and is_dm_with(client, room_id, user_id):
        return room_id
    room_id = existing_dm(client, user_id)
    if room_id is None:

        async def request() -> Any:
            return await client.room_create(
                is_direct=True,
                preset=RoomPreset.trusted_private_chat,
                invite=[user_id],
                initial_state=[ENCRYPTION_STATE] if encrypted else [],
            )

        created = await retrier.run(request, f"create a direct chat with {user_id}")
        assert isinstance(created, RoomCreateResponse)
        room_id = created.room_id
        learn_new_dm(client, room_id, user_id, encrypted)
    await state.set(key, room_id)
    return room_id


def learn_new_dm(client: AsyncClient, room_id: str, user_id: str, encrypted: bool) -> None:
    """Tell nio about a room we just created, without waiting for the next sync: the core may
    ask for the chat while the sync loop is busy handing it an event."""
    room = client.rooms.get(room_id)
    if room is None:
        room = client.rooms[room_id] = MatrixRoom(room_id, client.user_id, encrypted)
        if encrypted:
            client.encrypted_rooms.add(room_id)
    room.add_member(client.user_id, None, None)
    # The sync loop may have seen the room before the invite went out.
    if room.add_member(user_id, None, None, invited=True) and room.encrypted and client.olm:
        client.olm.update_tracked_users(room)
