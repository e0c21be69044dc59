"""Matrix end to end through a real Synapse: our bot against a bare matrix-nio echo bot.

Run: ``python -m bench.matrix_e2e [messages]``. Starts a throwaway Synapse with the test
harness (``tests/wire/synapse.py``), then for each subject a person on their own nio client
sends ``messages`` commands into a group room as fast as the server takes them and waits until
every one has its answer (a reply relation to the command):

* **steerbot**: the whole app (dispatcher, commands, SQLite file) behind the Matrix adapter,
  answering ``!propose …`` (a database write and a rendered ``m.notice``);
* **floor**: a bare ``AsyncClient`` sync loop that answers each message with an ``m.notice``
  reply, nothing else.

Both run on the same homeserver in the same process, one after the other, so the ratio
steerbot/floor (of the time per message) tells what our bot costs beyond Matrix itself.
Target: ≤ 1.5. The figures are printed as measured, whether or not they meet the target.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    JoinResponse,
    RoomCreateResponse,
    RoomSendResponse,
    SyncResponse,
)
from pydantic import SecretStr

from tests.wire.synapse import Synapse, start_synapse

log = logging.getLogger(__name__)

TARGET_RATIO = 1.5
ROOM_TIMEOUT = 60.0
RUN_TIMEOUT = 600.0
# Synapse's default sync timeline holds 10 events; with messages arriving faster than the
# clients sync, a "limited" timeline would drop events (our adapter fills such gaps itself;
# the bare echo bot and the observer would not): so they ask for long timelines.
TIMELINE_FILTER = {"room": {"timeline": {"limit": 1000}}}


def _reply_target(source: dict[str, Any]) -> str | None:
    relates = (source.get("content") or {}).get("m.relates_to") or {}
    target = (relates.get("m.in_reply_to") or {}).get("event_id")
    return str(target) if target else None


async def _sync(client: AsyncClient) -> SyncResponse | None:
    """One long-poll sync; a transport error is logged and retried by the caller (a loop
    that died silently would leave the benchmark waiting for answers that never come)."""
    try:
        response = await client.sync(
            timeout=5000, since=client.next_batch, sync_filter=TIMELINE_FILTER
        )
    except Exception:  # noqa: BLE001 - any transport failure: try again
        log.exception("sync of %s failed", client.user_id)
        return None
    return response if isinstance(response, SyncResponse) else None


class Person:
    """The sender: a plain nio client that counts the answers to what it said."""

    def __init__(self, synapse: Synapse, user_id: str, token: str, device_id: str) -> None:
        self.client = AsyncClient(synapse.url, user_id, config=AsyncClientConfig())
        self.client.restore_login(user_id, device_id, token)
        self.user_id = user_id
        self.answers: dict[str, list[str]] = {}  # command event id -> answer event ids
        self.joined: dict[str, set[str]] = {}
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        first = await self.client.sync(timeout=0)
        assert isinstance(first, SyncResponse), first
        self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            response = await _sync(self.client)
            if not isinstance(response, SyncResponse):
                await asyncio.sleep(0.1)
                continue
            async with self._changed:
                for room_id, info in response.rooms.join.items():
                    for event in info.timeline.events:
                        source = event.source
                        content = source.get("content") or {}
                        if (
                            source.get("type") == "m.room.member"
                            and content.get("membership") == "join"
                        ):
                            self.joined.setdefault(room_id, set()).add(source["state_key"])
                        target = _reply_target(source)
                        if target and source.get("sender") != self.user_id:
                            self.answers.setdefault(target, []).append(source["event_id"])
                self._changed.notify_all()

    async def wait(self, predicate: Callable[[], bool], within: float) -> None:
        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        await asyncio.wait_for(until(), within)

    async def group_room(self, bot_user_id: str, other: AsyncClient) -> str:
        """A room with the bot and a second person (three members: a group, not a DM)."""
        created = await self.client.room_create(invite=[bot_user_id, other.user_id])
        assert isinstance(created, RoomCreateResponse), created
        joined = await other.join(created.room_id)
        assert isinstance(joined, JoinResponse), joined
        room = created.room_id
        await self.wait(lambda: bot_user_id in self.joined.get(room, set()), ROOM_TIMEOUT)
        return room

    async def say(self, room_id: str, text: str) -> str:
        sent = await self.client.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": text}
        )
        assert isinstance(sent, RoomSendResponse), sent
        return str(sent.event_id)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.client.close()


class EchoBot:
    """The floor: a bare nio sync loop answering every message with a reply notice."""

    def __init__(self, synapse: Synapse, user_id: str, password: str) -> None:
        self.client = AsyncClient(synapse.url, user_id)
        self.password = password
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.client.login(self.password)
        first = await self.client.sync(timeout=0)
        assert isinstance(first, SyncResponse), first
        self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        client = self.client
        while True:
            response = await _sync(client)
            if not isinstance(response, SyncResponse):
                await asyncio.sleep(0.1)
                continue
            for room_id, info in response.rooms.invite.items():
                if any(isinstance(e, InviteMemberEvent) for e in info.invite_state):
                    await client.join(room_id)
            for room_id, info in response.rooms.join.items():
                for event in info.timeline.events:
                    source = event.source
                    content = source.get("content") or {}
                    if (
                        source.get("type") != "m.room.message"
                        or source.get("sender") == client.user_id
                        or content.get("msgtype") != "m.text"
                    ):
                        continue
                    await client.room_send(  # nio retries 429s itself
                        room_id,
                        "m.room.message",
                        {
                            "msgtype": "m.notice",
                            "body": content.get("body", ""),
                            "m.relates_to": {"m.in_reply_to": {"event_id": source["event_id"]}},
                        },
                    )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.client.close()


async def _people(synapse: Synapse) -> tuple[Person, AsyncClient]:
    sender = await synapse.register_full(synapse.unique("sender"))
    await synapse.override_ratelimit(sender["user_id"], 0, 0)
    person = Person(synapse, sender["user_id"], sender["access_token"], sender["device_id"])
    await person.start()
    second = await synapse.register_full(synapse.unique("second"))
    other = AsyncClient(synapse.url, second["user_id"])
    other.restore_login(second["user_id"], second["device_id"], second["access_token"])
    return person, other


async def _measure(person: Person, room: str, texts: list[str]) -> tuple[float, list[str]]:
    """Send every text, wait for every answer; (seconds, command ids)."""
    start = time.perf_counter()
    said = [await person.say(room, text) for text in texts]
    await person.wait(lambda: all(e in person.answers for e in said), RUN_TIMEOUT)
    return time.perf_counter() - start, said


async def _bare(synapse: Synapse, messages: int) -> dict[str, Any]:
    localpart = synapse.unique("echo")
    account = await synapse.register_full(localpart, password=f"pw-{localpart}")
    await synapse.override_ratelimit(account["user_id"], 0, 0)
    echo = EchoBot(synapse, account["user_id"], f"pw-{localpart}")
    await echo.start()
    person, other = await _people(synapse)
    try:
        room = await person.group_room(echo.client.user_id, other)
        seconds, said = await _measure(person, room, [f"Nachricht {i}" for i in range(messages)])
        doubled = sum(len(person.answers[e]) > 1 for e in said)
    finally:
        await echo.stop()
        await person.close()
        await other.close()
    return {"seconds": seconds, "per_s": messages / seconds, "doubled": doubled}


async def _steerbot(synapse: Synapse, messages: int, work: Path) -> dict[str, Any]:
    from adapters.matrix.factory import matrix_adapter
    from bot.app import App
    from bot.config import Settings

    localpart = synapse.unique("steerbot")
    account = await synapse.register_full(localpart, password=f"pw-{localpart}")
    await synapse.override_ratelimit(account["user_id"], 0, 0)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        STEERBOT_DATA_DIR=work / "data",
        STEERBOT_LANG="de",
        DATABASE_URL=f"sqlite+aiosqlite:///{work / 'steerbot.db'}",
        MATRIX_HOMESERVER=synapse.url,
        MATRIX_USER_ID=account["user_id"],
        MATRIX_PASSWORD=SecretStr(f"pw-{localpart}"),
        MATRIX_ALLOWED_SERVERS=synapse.server_name,
    )
    app = App(settings, run_scheduler=False)
    app.add_adapter(matrix_adapter(app))
    await app.start()
    person, other = await _people(synapse)
    try:
        room = await person.group_room(account["user_id"], other)
        setup = await person.say(room, "!setup Benchstadt")
        await person.wait(lambda: setup in person.answers, ROOM_TIMEOUT)
        texts = [f"!propose Maßnahme Nummer {i}" for i in range(messages)]
        seconds, said = await _measure(person, room, texts)
        doubled = sum(len(person.answers[e]) > 1 for e in said)
    finally:
        await person.close()
        await other.close()
        await app.stop()
    return {"seconds": seconds, "per_s": messages / seconds, "doubled": doubled}


async def _both(synapse: Synapse, messages: int, work: Path) -> dict[str, Any]:
    # One short warm-up of each, so neither pays for first-use costs in the figures.
    await _bare(synapse, 5)
    await _steerbot(synapse, 5, work / "warmup")
    floor = await _bare(synapse, messages)
    ours = await _steerbot(synapse, messages, work / "run")
    return {"floor": floor, "steerbot": ours}


def run(messages: int = 100) -> dict[str, Any]:
    """Measure both bots on one throwaway Synapse; print and return the figures."""
    with tempfile.TemporaryDirectory(prefix="steerbot-bench-matrix-") as tmp:
        work = Path(tmp)
        synapse = start_synapse(work / "synapse")
        try:
            measured = asyncio.run(_both(synapse, messages, work))
        finally:
            synapse.stop()
    floor, ours = measured["floor"], measured["steerbot"]
    ratio = ours["seconds"] / floor["seconds"]
    figures = {
        "messages": messages,
        "steerbot_msgs_per_s": ours["per_s"],
        "floor_msgs_per_s": floor["per_s"],
        "steerbot_s": ours["seconds"],
        "floor_s": floor["seconds"],
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO,
        "doubled_answers": ours["doubled"] + floor["doubled"],
    }
    print(f"Matrix end to end through Synapse, {messages} messages")
    print(f"  steerbot (App + Matrix adapter, SQLite): {ours['per_s']:8.1f} msg/s")
    print(f"  floor (bare matrix-nio echo bot):        {floor['per_s']:8.1f} msg/s")
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"  ratio steerbot/floor (time): {ratio:.2f} ({verdict} target ≤ {TARGET_RATIO})")
    if figures["doubled_answers"]:
        print(f"  WARNING: {figures['doubled_answers']} messages were answered more than once")
    return figures


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 100)


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Table rows for ``python -m bench``: messages/s through Synapse against a bare nio echo bot."""
    from bench.common import row

    return [
        row(
            f"matrix end to end, {figures['messages']} messages",
            figures["steerbot_msgs_per_s"],
            figures["floor_msgs_per_s"],
            unit="msg/s",
            target=figures["target_ratio"],
            higher_is_better=True,
            note=f"floor = bare matrix-nio echo bot on the same Synapse; "
            f"answered twice: {figures['doubled_answers']}",
        )
    ]
