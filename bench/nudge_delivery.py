"""Nudge delivery at Telegram's limits: 1,200 nudges to 60 groups through the Telegram adapter.

Run: ``python -m bench.nudge_delivery [groups] [per_group]``; :func:`run` returns the figures.

The fake Bot API (``tests/wire/fake_telegram.py``) enforces 1/s per chat, 20/min per group and
30/s overall and answers 429 with ``retry_after`` beyond. python-telegram-bot talks to it over
real HTTP; the adapter's rate limiter decides when each message may go.

Which clock: **virtual time**. One :class:`VirtualClock` is injected into the adapter's rate
limiter, its retry sleeps and the fake's limit checks, so the limiter's decisions are checked
against the fake's enforcement exactly, without waiting the ~40 s the limits impose. Virtual
time advances only when every sender is asleep (a discrete-event clock); HTTP round trips take
no virtual time. Each group has its own sender task (a queue per chat), all running at once.

Floor/target: the fastest delivery the limits allow for this load, computed from the limits
(``allowed_seconds``); target achieved/allowed ≥ 90 %, with zero 429 answers, zero lost and zero
duplicated nudges.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import sys
import time
from collections import Counter
from typing import Any

from adapters.telegram import TelegramAdapter, TelegramConfig
from adapters.telegram.ratelimit import Limits, RateLimiter
from bot.events import ChatRef, Reply
from bot.state import MemoryKeyValueStore
from tests.wire.fake_telegram import FakeTelegram


class VirtualClock:
    """Discrete-event time: ``sleep`` parks a worker; when all ``workers`` are parked the clock
    jumps to the earliest wake-up. Callable (``clock()`` is the current virtual second)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.workers = 0
        self._waiters: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (self.now + max(seconds, 0.0), next(self._seq), future))
        self._advance()
        await future

    def finished(self) -> None:
        """A worker is done: it will not sleep again."""
        self.workers -= 1
        self._advance()

    def _advance(self) -> None:
        if not self._waiters or len(self._waiters) < self.workers:
            return  # someone is still working (e.g. in an HTTP call): time stands still
        self.now = max(self.now, self._waiters[0][0])
        while self._waiters and self._waiters[0][0] <= self.now:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(None)


def allowed_seconds(total: int, per_group: int, limits: Limits) -> float:
    """The shortest span the limits allow for ``total`` nudges, ``per_group`` to each group,
    counted like the sliding windows: from the first send to one window after the last."""
    overall = math.ceil(total / limits.overall) * limits.overall_period
    per_chat = math.ceil(per_group / limits.per_chat) * limits.per_chat_period
    per_group_span = (math.ceil(per_group / limits.per_group) - 1) * limits.per_group_period
    return max(overall, per_chat, per_group_span + limits.overall_period)


async def _run(groups: int, per_group: int) -> dict[str, Any]:
    clock = VirtualClock()
    limits = Limits()
    started_real = time.perf_counter()
    async with FakeTelegram(clock=clock, enforce_limits=True) as tg:
        config = TelegramConfig(token=tg.token, base_url=tg.base_url, poll_timeout=1)
        adapter = TelegramAdapter(
            config,
            state=MemoryKeyValueStore(),
            limiter=RateLimiter(limits, clock=clock, sleep=clock.sleep),
            clock=clock,
            sleep=clock.sleep,
        )
        await adapter.start(_ignore)
        sent_at: list[float] = []
        try:
            chats = [ChatRef("telegram", str(-1_000_000_000_000 - g)) for g in range(groups)]

            async def sender(chat: ChatRef) -> None:
                try:
                    for i in range(per_group):
                        reply = Reply(_text(chat.chat_id, i), key=f"nudge:{chat.chat_id}:{i}")
                        await adapter.send(chat, reply)
                        sent_at.append(clock())
                finally:
                    clock.finished()

            clock.workers = len(chats)
            start = clock()
            await asyncio.gather(*(sender(c) for c in chats))
        finally:
            await adapter.stop()
        accepted = [r.params["text"] for r in tg.calls("sendMessage", ok_only=True)]
        refused_429 = [r for r in tg.calls("sendMessage") if r.status == 429]
    total = groups * per_group
    counts = Counter(accepted)
    achieved = (max(sent_at) - start) + limits.overall_period
    allowed = allowed_seconds(total, per_group, limits)
    ratio = allowed / achieved
    lost = sum(
        1
        for g in range(groups)
        for i in range(per_group)
        if counts[_text(str(-1_000_000_000_000 - g), i)] == 0
    )
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    result: dict[str, Any] = {
        "nudges": total,
        "groups": groups,
        "clock": "virtual (limiter, retries and the fake's enforcement share one discrete-event clock)",
        "virtual_seconds": round(achieved, 3),
        "allowed_seconds": round(allowed, 3),
        "achieved_per_s": round(total / achieved, 2),
        "allowed_per_s": round(total / allowed, 2),
        "ratio_of_allowed": round(ratio, 4),
        "answers_429": len(refused_429),
        "limit_429s_counted_by_fake": tg.limit_429s,
        "lost": lost,
        "duplicated": duplicated,
        "limiter_waited_virtual_s": round(adapter.limiter.waited, 1),
        "real_seconds": round(time.perf_counter() - started_real, 2),
    }
    result["target_met"] = ratio >= 0.9 and not refused_429 and lost == 0 and duplicated == 0
    return result


def _text(chat_id: str, i: int) -> str:
    return f"Erinnerung {chat_id}/{i}: Maßnahme {i + 1} ist heute fällig."


async def _ignore(incoming: object) -> None:
    return None


def run(groups: int = 60, per_group: int = 20) -> dict[str, Any]:
    """Deliver ``groups × per_group`` nudges at the limits; returns the figures."""
    return asyncio.run(_run(groups, per_group))


def main(argv: list[str]) -> None:
    groups = int(argv[1]) if len(argv) > 1 else 60
    per_group = int(argv[2]) if len(argv) > 2 else 20
    r = run(groups, per_group)
    print(f"nudge delivery: {r['nudges']} nudges to {r['groups']} groups, clock: {r['clock']}")
    print(
        f"  achieved {r['achieved_per_s']}/s over {r['virtual_seconds']} s (virtual); "
        f"the limits allow {r['allowed_per_s']}/s ({r['allowed_seconds']} s)"
    )
    print(f"  achieved/allowed = {r['ratio_of_allowed']:.1%} (target ≥ 90 %)")
    print(
        f"  429 answers {r['answers_429']}, lost {r['lost']}, duplicated {r['duplicated']}; "
        f"real time {r['real_seconds']} s"
    )
    print("  target met" if r["target_met"] else "  TARGET NOT MET")


if __name__ == "__main__":
    main(sys.argv)


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Table rows for ``python -m bench``: achieved nudge rate against what the limits allow
    (ratio = allowed/achieved; ≤ 1/0.9 means at least 90 % of the allowed rate)."""
    from bench.common import row

    return [
        row(
            f"nudge delivery, {figures['nudges']} nudges to {figures['groups']} groups",
            figures["achieved_per_s"],
            figures["allowed_per_s"],
            unit="nudges/s",
            target=round(1 / 0.9, 3),
            higher_is_better=True,
            note=f"429 answers {figures['answers_429']}, lost {figures['lost']}, duplicated "
            f"{figures['duplicated']}; clock: {figures['clock']}",
        )
    ]
