"""Through the whole app: the homeserver restarted in the middle of a run. The bot resumes
from its stored sync token: every command answered, none lost, none answered twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Measure
from tests.wire.matrix.app_helpers import reply_to
from tests.wire.matrix.helpers import room_with_bot

pytestmark = [pytest.mark.synapse, pytest.mark.slow]


async def test_synapse_restarted_mid_run(synapse, make_app_bot, make_human):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    group = await room_with_bot(anna, bot.user_id, others=(ben,))
    await bot.ask(anna, group, "!setup Musterstadt")

    before = [await anna.say(group, f"!propose Vorher {i}") for i in range(5)]
    await anna.wait_for_event(group, reply_to(bot.user_id, before[-1]))
    synapse.stop()
    await synapse.start_and_wait()
    after = [await anna.say(group, f"!propose Nachher {i}") for i in range(5)]
    await anna.wait_for_event(group, reply_to(bot.user_id, after[-1]))
    # Homeserver and bot down together; the new bot process starts from the stored token.
    synapse.stop()
    await bot.stop(app)
    await synapse.start_and_wait()
    meanwhile = [await anna.say(group, f"!propose Danach {i}") for i in range(3)]
    app = await bot.start()
    await anna.wait_for_event(group, reply_to(bot.user_id, meanwhile[-1]))
    await bot.ask(anna, group, "!measures")  # everything before it has been answered by now

    said = before + after + meanwhile
    history = await anna.history(group, limit=200)
    answered = {e: sum(reply_to(bot.user_id, e)(h) for h in history) for e in said}
    assert answered == dict.fromkeys(said, 1)
    async with app.sessions() as session:
        titles = list(await session.scalars(select(Measure.title).order_by(Measure.number)))
    assert titles == (
        [f"Vorher {i}" for i in range(5)]
        + [f"Nachher {i}" for i in range(5)]
        + [f"Danach {i}" for i in range(3)]
    )
