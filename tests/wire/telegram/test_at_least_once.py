"""Updates arrive at least once and are confirmed only after the core handled them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from adapters.telegram import TelegramAdapter
from adapters.telegram.polling import OFFSET_KEY
from bot.events import Message
from bot.state import MemoryKeyValueStore
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.conftest import Sink

GROUP = -1001234567890


async def test_update_comes_again_when_the_core_failed(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink, state: MemoryKeyValueStore
) -> None:
    sink.fail_next = 1
    update_id = tg.push_message(GROUP, "/propose Spielplatz")
    got = await sink.next()
    assert isinstance(got, Message) and got.event_id == str(update_id)
    assert sink.calls == [str(update_id), str(update_id)]  # failed once, then applied
    assert await state.get(OFFSET_KEY) == str(update_id)


async def test_poison_update_does_not_block_later_ones(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    sink.fail_next = adapter.config.max_handling_attempts
    poison = tg.push_message(GROUP, "kaputt")
    later = tg.push_message(GROUP, "weiter")
    got = await sink.next()
    assert got.event_id == str(later)
    assert sink.calls.count(str(poison)) == adapter.config.max_handling_attempts


async def test_crash_before_handling_finished_redelivers_after_restart(
    tg: FakeTelegram,
    make_adapter: Callable[..., TelegramAdapter],
    state: MemoryKeyValueStore,
) -> None:
    first_sink = Sink()
    first_sink.hang = asyncio.Event()  # the core never finishes: we "crash" meanwhile
    first = make_adapter(stop_grace=0.0)
    await first.start(first_sink)
    update_id = tg.push_message(GROUP, "/setup Musterstadt")
    await asyncio.wait_for(first_sink.entered.wait(), 10)
    await first.stop()
    assert first_sink.received == []
    assert await state.get(OFFSET_KEY) is None  # nothing was confirmed
    assert [u["update_id"] for u in tg.updates] == [update_id]  # Telegram still holds it

    second_sink = Sink()
    second = make_adapter()
    await second.start(second_sink)
    got = await second_sink.next()
    assert got.event_id == str(update_id)  # same id: the core's dedupe applies it once
    assert await state.get(OFFSET_KEY) == str(update_id)
    await second.stop()
    last = tg.calls("getUpdates")[-1].params
    assert last["offset"] == update_id + 1 and last["timeout"] == 0  # confirmed on stop
    assert tg.updates == []

    third_sink = Sink()
    third = make_adapter()
    n_before = len(tg.calls("getUpdates"))
    await third.start(third_sink)
    await tg.wait_for("getUpdates", n_before + 1, ok_only=False)
    assert tg.calls("getUpdates")[n_before].params["offset"] == update_id + 1
    later = tg.push_message(GROUP, "danach")
    got = await third_sink.next()
    assert got.event_id == str(later)
    assert third_sink.calls == [str(later)]  # the handled update did not come back
    await third.stop()


async def test_restart_continues_from_the_stored_offset_even_unconfirmed(
    tg: FakeTelegram,
    make_adapter: Callable[..., TelegramAdapter],
    state: MemoryKeyValueStore,
) -> None:
    # Handled and stored, but the process died before the next getUpdates confirmed it:
    # Telegram would send it again; the stored offset makes the restart skip it.
    update_id = tg.push_message(GROUP, "schon erledigt")
    await state.set(OFFSET_KEY, str(update_id))
    sink = Sink()
    adapter = make_adapter()
    await adapter.start(sink)
    later = tg.push_message(GROUP, "neu")
    got = await sink.next()
    assert got.event_id == str(later)
    assert sink.calls == [str(later)]
    await adapter.stop()


async def test_stop_lets_the_update_in_hand_finish_and_confirms_it(
    tg: FakeTelegram,
    make_adapter: Callable[..., TelegramAdapter],
    state: MemoryKeyValueStore,
) -> None:
    sink = Sink()
    sink.hang = asyncio.Event()
    adapter = make_adapter(stop_grace=30.0)
    await adapter.start(sink)
    update_id = tg.push_message(GROUP, "/close 3")
    second = tg.push_message(GROUP, "kommt erst nach dem Neustart")
    await asyncio.wait_for(sink.entered.wait(), 10)
    stopping = asyncio.create_task(adapter.stop())
    await asyncio.sleep(0)
    assert not stopping.done()
    sink.hang.set()  # the core finishes its work
    await asyncio.wait_for(stopping, 10)
    assert [m.event_id for m in sink.received] == [str(update_id)]
    assert await state.get(OFFSET_KEY) == str(update_id)
    last = tg.calls("getUpdates")[-1].params
    assert last["offset"] == update_id + 1 and last["timeout"] == 0
    assert [u["update_id"] for u in tg.updates] == [second]


async def test_the_offset_is_stored_once_per_batch_of_updates(
    tg: FakeTelegram,
    make_adapter: Callable[..., TelegramAdapter],
    state: MemoryKeyValueStore,
) -> None:
    stored: list[str] = []
    real_set = state.set

    async def recording_set(key: str, value: str) -> None:
        if key == OFFSET_KEY:
            stored.append(value)
        await real_set(key, value)

    state.set = recording_set  # type: ignore[method-assign]
    ids = [tg.push_message(GROUP, f"/propose Bank {n}") for n in range(5)]  # one batch
    sink = Sink()
    adapter = make_adapter()
    await adapter.start(sink)
    for _ in ids:
        await sink.next()
    await tg.wait_for("getUpdates", 2, ok_only=False)  # the next poll follows the store
    assert stored == [str(ids[-1])]  # one write for the batch, not five
    await adapter.stop()
    assert stored == [str(ids[-1])]  # nothing new to store on stop


async def test_stop_waits_for_the_offset_write_in_hand(
    tg: FakeTelegram,
    make_adapter: Callable[..., TelegramAdapter],
    state: MemoryKeyValueStore,
) -> None:
    writing, release = asyncio.Event(), asyncio.Event()
    real_set = state.set
    cut: list[str] = []

    async def slow_set(key: str, value: str) -> None:
        if key == OFFSET_KEY:
            writing.set()
            try:
                await release.wait()  # e.g. a commit waiting for the disk
            except asyncio.CancelledError:
                cut.append(value)  # a database write cut here leaves its connection astray
                raise
        await real_set(key, value)

    state.set = slow_set  # type: ignore[method-assign]
    sink = Sink()
    adapter = make_adapter(stop_grace=30.0)
    await adapter.start(sink)
    update_id = tg.push_message(GROUP, "/measures")
    await asyncio.wait_for(writing.wait(), 10)
    stopping = asyncio.create_task(adapter.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()  # not cut off in the middle of the write
    release.set()
    await asyncio.wait_for(stopping, 10)
    assert cut == []
    assert await state.get(OFFSET_KEY) == str(update_id)
