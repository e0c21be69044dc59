"""The round's announcement is edited to show how many have voted (Outgoing.on_sent / edit)."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_presses_and_text_votes_edit_the_announcement_with_progress(group: Bot) -> None:
    sent = await group.say("anna", "/round approval 1 2 3")
    announced = sent[0]
    group.adapter.edits.clear()
    await group.press("max", announced.reply.choices[0].action)
    ref, edited = group.adapter.edits[-1]
    assert ref.message_id == announced.message_id and ref.chat.chat_id == announced.chat.chat_id
    assert edited.text.startswith(announced.reply.text)
    assert edited.text.endswith("1 von 4 hat abgestimmt.")
    assert edited.choices == announced.reply.choices  # the buttons stay
    await group.ask("lea", "/vote 1 2 3")
    assert group.adapter.edits[-1][1].text.endswith("2 von 4 haben abgestimmt.")
    # A changed ballot, by text or by a press, leaves the count and so the announcement alone.
    group.adapter.edits.clear()
    assert "lautet jetzt" in await group.ask("lea", "/vote 1 1")
    await group.press("max", announced.reply.choices[1].action)  # ticks a second measure
    assert group.adapter.edits == []
    await group.press("max", announced.reply.choices[1].action)
    await group.press("max", announced.reply.choices[0].action)  # unticks: ballot withdrawn
    assert group.adapter.edits[-1][1].text.endswith("1 von 4 hat abgestimmt.")
    # Closing takes the buttons away and says so, once: in the headline.
    await group.ask("anna", "/close 1")
    closed = group.adapter.edits[-1][1]
    assert closed.choices == () and closed.poll_max_selections is None
    assert closed.text.endswith("3. Jugendraum\n1 von 4 hat abgestimmt.")
    assert closed.text.count("beendet") == 1
    # What was voted on stays; how to vote goes, and the headline no longer says "open".
    assert closed.text.startswith("Runde 1 ist beendet (keine Stimmen mehr): Zustimmungswahl\n1. ")
    assert "Abstimmen mit" not in closed.text and "ändern" not in closed.text
    assert "/schliessen" not in closed.text


async def test_rounds_without_buttons_are_not_edited(group: Bot) -> None:
    await group.say("anna", "/round dot 1 2 3")
    await group.ask("max", "/vote 1 1=2 2=1")
    assert group.adapter.edits == []


async def test_a_secret_ballot_edits_the_count_into_the_announcement(group: Bot) -> None:
    announced = (await group.say("anna", "/round approval 1 2 secret"))[0]
    sent = await group.say("max", "/vote 1 1", chat="dm")
    # Max hears it in his direct chat; the group gets no message of its own, whose timing
    # would hint at who voted: the announcement says how many have.
    assert [s.chat.chat_id for s in sent] == ["dm:max"]
    ref, edited = group.adapter.edits[-1]
    assert ref.message_id == announced.message_id
    assert edited.text.endswith("1 von 4 hat abgestimmt.") and edited.choices == ()
    await group.ask("lea", "/vote 1 2", chat="dm")
    assert group.adapter.edits[-1][1].text.endswith("2 von 4 haben abgestimmt.")
    await group.ask("anna", "/close 1")
    closed = group.adapter.edits[-1][1].text
    assert closed.startswith("Runde 1 ist beendet (keine Stimmen mehr): Zustimmungswahl")
    assert closed.endswith("\n2 von 4 haben abgestimmt.")


async def test_automatic_close_also_takes_the_buttons_away(group: Bot) -> None:
    from datetime import timedelta

    from commands.voting import close_due_rounds

    sent = await group.say("anna", "/round approval 1 2 3 closes=12.1.2027 18:00")
    announced = sent[0]
    await group.press("max", announced.reply.choices[0].action)
    group.adapter.edits.clear()
    group.clock.advance(timedelta(days=2))
    assert await close_due_rounds(group.app.services, group.clock.now()) == 1
    ref, closed = group.adapter.edits[-1]
    assert ref.message_id == announced.message_id
    assert closed.choices == () and closed.poll_max_selections is None
    assert closed.text.startswith("Runde 1 ist beendet (keine Stimmen mehr): Zustimmungswahl")
    assert closed.text.endswith("\n1 von 4 hat abgestimmt.")


async def test_an_announcement_in_several_parts_has_its_last_part_edited(group: Bot) -> None:
    """Sixty measures with long titles do not fit one message: the announcement goes out in
    parts, the buttons on the last. A vote edits that part with its own text and the count, not
    with the start of the whole announcement cut to the limit (the count was cut off)."""
    for n in range(5, 61):
        answer = await group.ask("anna", f"/propose Maßnahme {n}: " + "lange Beschreibung " * 8)
        assert "ist vorgeschlagen" in answer, answer
    sent = await group.say("anna", "/round approval all")
    parts = [s for s in sent if s.chat.chat_id == "group"]
    assert len(parts) >= 2 and parts[-1].reply.choices and not parts[0].reply.choices
    last = parts[-1]
    group.adapter.edits.clear()
    await group.press("max", last.reply.choices[0].action)
    ref, edited = group.adapter.edits[-1]
    assert ref.message_id == last.message_id
    assert edited.text.startswith(last.reply.text)
    assert edited.text.endswith("1 von 4 hat abgestimmt.")
    assert len(edited.text) <= 4096 and edited.choices == last.reply.choices
    await group.ask("anna", "/close 1")
    # The headline saying it is closed is in the first part, which stays as it was: the
    # last part opens with it too, keeps the measures it was sent with (none cut anew into
    # it or out of it), and ends with the count as one message does (it ended with an older
    # line after the count: "…; es werden keine Stimmen mehr angenommen.").
    closed = group.adapter.edits[-1][1]
    assert closed.choices == () and len(closed.text) <= 4096
    assert closed.text.startswith(
        "Runde 1 ist beendet (keine Stimmen mehr): Zustimmungswahl\n"
        + last.reply.text.split("\n", 1)[0]
    )
    assert closed.text.endswith(
        "\n60. Maßnahme 60: " + ("lange Beschreibung " * 8).strip() + "\n1 von 4 hat abgestimmt."
    )
    assert "angenommen" not in closed.text and closed.text.count("beendet") == 1
