"""The retry rules of the Matrix adapter, driven by canned nio answers (no homeserver)."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import ClientConnectionError
from nio import RoomSendError, RoomSendResponse

from adapters.matrix.delivery import Retrier
from bot.adapter import DeliveryFailed, RateLimited


def scripted(*answers):
    """A request that gives ``answers`` in turn (exceptions are raised) and counts calls."""
    calls = []

    async def request():
        answer = answers[len(calls)]
        calls.append(answer)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return request, calls


def limited(ms: int = 5) -> RoomSendError:
    return RoomSendError("Too Many Requests", "M_LIMIT_EXCEEDED", retry_after_ms=ms)


OK = RoomSendResponse("$sent", "!room")


async def test_rate_limit_is_waited_out_and_the_request_repeated():
    request, calls = scripted(limited(), limited(), OK)

    answer = await Retrier(rate_limit_retries=3, max_backoff=0.01).run(request, "send")

    assert answer is OK
    assert len(calls) == 3


async def test_rate_limit_is_raised_when_retries_are_used_up():
    request, calls = scripted(limited(2500), limited(2500))

    with pytest.raises(RateLimited) as raised:
        await Retrier(rate_limit_retries=0, max_backoff=0.01).run(request, "send")

    assert raised.value.retry_after == 2.5
    assert len(calls) == 1


async def test_unreachable_homeserver_is_retried_with_backoff():
    down = ClientConnectionError("connection refused")
    request, calls = scripted(down, down, TimeoutError(), OK)

    answer = await Retrier(rate_limit_retries=0, max_backoff=0.01).run(request, "send")

    assert answer is OK
    assert len(calls) == 4


async def test_other_errors_become_delivery_failed():
    request, _ = scripted(RoomSendError("You are not in this room", "M_FORBIDDEN"))

    with pytest.raises(DeliveryFailed) as raised:
        await Retrier(rate_limit_retries=3, max_backoff=0.01).run(request, "send")

    assert raised.value.permanent
    assert "M_FORBIDDEN" in raised.value.reason
    assert raised.value.shut_out  # not in the room: a group's posts go to its coordinators


async def test_a_message_too_large_is_refused_but_the_room_is_not():
    request, _ = scripted(RoomSendError("Event too large", "M_TOO_LARGE"))

    with pytest.raises(DeliveryFailed) as raised:
        await Retrier(rate_limit_retries=3, max_backoff=0.01).run(request, "send")

    assert raised.value.permanent and not raised.value.shut_out


async def test_stopping_ends_a_pending_retry_without_dropping_silently():
    retrier = Retrier(rate_limit_retries=3, max_backoff=30)
    request, _ = scripted(ClientConnectionError("down"), OK)

    pending = asyncio.create_task(retrier.run(request, "send"))
    await asyncio.sleep(0)  # let it meet the error and start waiting
    retrier.close()

    with pytest.raises(DeliveryFailed) as raised:
        await asyncio.wait_for(pending, 5)
    assert not raised.value.permanent
