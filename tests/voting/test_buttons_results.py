"""Buttons and polls, hidden and live results, who voted, shortlisting, closing on time."""

from __future__ import annotations

import struct
from datetime import timedelta

import pytest
from sqlalchemy import select

from commands.voting import close_due_rounds
from storage.models import Measure, MeasureEvent
from tests.harness import Bot
from tests.voting.helpers import counts, group_with_measures

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_approval_round_offers_buttons_and_a_poll(group: Bot) -> None:
    sent = await group.say("anna", "/round approval 1 2 3")
    reply = sent[0].reply
    assert [c.label for c in reply.choices] == [
        "1. Skatepark",
        "2. Sitzbänke am Markt",
        "3. Jugendraum",
    ]
    assert reply.poll_max_selections == 3 and reply.key
    assert all(len(c.action.encode()) <= 64 for c in reply.choices)
    # A press toggles the measure in the presser's ballot; the confirmation goes to them directly.
    sent = await group.press("max", reply.choices[0].action)
    assert (
        sent[0].chat.is_direct
        and sent[0].reply.text == "Ihre Stimme in Runde 1: Maßnahme 1 „Skatepark“."
    )
    await group.press("max", reply.choices[2].action)
    sent = await group.press("max", reply.choices[0].action)
    assert sent[0].reply.text == "Ihre Stimme in Runde 1: Maßnahme 3 „Jugendraum“."
    sent = await group.press("max", reply.choices[2].action)
    assert "zurückgezogen" in sent[0].reply.text
    assert await counts(group) == (1, 0, 0)
    # A poll answer replaces the ballot with exactly the selected set.
    await group.press("lea", reply.choices[1].action)
    sent = await group.press(
        "lea", reply.key, selected=(reply.choices[0].action, reply.choices[2].action)
    )
    assert (
        sent[0].reply.text
        == "Deine Stimme in Runde 1: Maßnahme 1 „Skatepark“, Maßnahme 3 „Jugendraum“."
    )  # lea is youth: du
    # Text and buttons are the same ballot.
    assert "lautet jetzt: Maßnahme 2 „Sitzbänke am Markt“." in await group.ask("lea", "/vote 1 2")
    assert await counts(group) == (1, 1, 1)


async def test_consent_buttons(group: Bot) -> None:
    reply = (await group.say("anna", "/round consent 2"))[0].reply
    assert [c.label for c in reply.choices] == ["Ja", "Nein", "Enthaltung"]
    assert reply.poll_max_selections == 1
    await group.press("max", reply.choices[0].action)
    await group.press("lea", reply.choices[1].action)
    await group.press("lea", reply.key, selected=(reply.choices[2].action,))
    assert "Ja: 1 · Nein: 0 · Enthaltungen: 1" in await group.ask("anna", "/close 1")


async def test_button_of_a_closed_or_unknown_round(group: Bot) -> None:
    reply = (await group.say("anna", "/round approval 1 2"))[0].reply
    await group.ask("anna", "/close 1")
    assert "beendet" in (await group.press("max", reply.choices[0].action))[0].reply.text
    assert "gilt nicht mehr" in (await group.press("max", "v:99:1"))[0].reply.text
    await group.ask("anna", "/round approval 1 2")
    assert "gilt nicht mehr" in (await group.press("max", "v:2:999"))[0].reply.text
    assert (
        "gilt nicht mehr" in (await group.press("max", "v:2", selected=("v:2:999",)))[0].reply.text
    )
    assert await counts(group) == (2, 0, 0)


async def test_results_hidden_until_close_unless_live(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    await group.ask("anna", "/round approval 1 2 live")
    await group.ask("max", "/vote 1 1")
    await group.ask("max", "/vote 2 1")
    hidden = await group.say("lea", "/results 1")
    assert "wird nach ihrem Ende gezeigt. 1 von 4 hat abgestimmt." in hidden[0].reply.text
    assert not hidden[0].reply.attachments
    live = (await group.say("lea", "/results 2"))[0].reply
    assert "Zwischenstand der Runde 2" in live.text and "Skatepark — 1 Zustimmung" in live.text
    assert live.attachments and live.attachments[0].data.startswith(PNG_SIGNATURE)
    await group.ask("anna", "/close 1")
    assert "Ergebnis der Runde 1" in await group.ask("otto", "/results 1")  # observers may read


async def test_results_without_a_number_show_the_newest_round(group: Bot) -> None:
    """ "/ergebnis" alone, as typed after "Die Abstimmung … ist vorbei": the newest round
    (before: "Es fehlt noch: Nummer der Runde.")."""
    assert await group.ask("lea", "/ergebnis", chat="dm") == (
        "In dieser Gruppe gab es noch keine Abstimmungsrunde."
    )
    await group.ask("anna", "/round approval 1 2")
    await group.ask("anna", "/round approval 2 3")
    await group.ask("max", "/vote 2 3")
    await group.ask("anna", "/close 2 now")
    answer = await group.ask("lea", "/ergebnis", chat="dm")
    assert answer.startswith("Ergebnis der Runde 2 (Zustimmungswahl)\nPlatz 1: Nr. 3 Jugendraum")
    assert "Ergebnis der Runde 2" in await group.ask("max", "/results")


async def test_result_chart_is_a_real_png(group: Bot) -> None:
    await group.ask("anna", "/round dot 1 2 3")
    await group.ask("lea", "/vote 1 1=2")
    await group.ask("max", "/vote 1 2=1 3=1")
    reply = (await group.say("anna", "/close 1"))[0].reply
    (image,) = reply.attachments
    assert image.mime_type == "image/png" and image.is_image and image.name == "round-1.png"
    assert image.data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", image.data[16:24])  # the IHDR chunk
    assert width >= 300 and height >= 200


async def test_the_chart_of_a_round_over_many_measures_fits_a_phone(group: Bot) -> None:
    # 4 measures from the fixture and 56 more: a shortlist round over all ideas of a workshop.
    for n in range(5, 61):
        await group.ask("max", f"/propose Idee {n}")
    await group.ask("anna", "/round approval all")
    await group.ask("lea", "/vote 1 1 2 3 60")
    await group.ask("max", "/vote 1 3 59")
    reply = (await group.say("anna", "/close 1 now"))[0].reply
    (image,) = reply.attachments
    width, height = struct.unpack(">II", image.data[16:24])
    # Bars one below the other, growing downwards: not a strip thousands of pixels wide.
    assert width <= 800 and height > width


async def test_who_voted_names_in_open_rounds(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    await group.ask("lea", "/vote 1 1")
    await group.ask("max", "/vote 1 2")
    answer = await group.ask("anna", "/who-voted 1")
    assert "Runde 1: 2 von 4 haben abgestimmt." in answer
    assert "Abgestimmt: Lea, Max" in answer and "Noch nicht: Anna, Jonas" in answer
    assert "Koordination" in await group.ask("max", "/who-voted 1")


async def test_who_voted_does_not_place_a_hidden_minor_by_their_name(bot: Bot) -> None:
    # Mia has not answered the age question: the group sees "Jugendvertretung", also here,
    # and the list must not put it where "Mia" sorts, between Lutz and Nora.
    await bot.group_with(lutz="member", mia="youth", nora="member", zeno="youth")
    await bot.press("zeno", "age:16plus", chat="dm")
    await bot.ask("anna", "/propose Skatepark")
    await bot.ask("anna", "/propose Jugendraum")
    assert "Runde 1" in await bot.ask("anna", "/round approval 1 2")
    for name in ("lutz", "mia", "nora"):
        await bot.ask(name, "/vote 1 1")
    answer = await bot.ask("anna", "/who-voted 1")
    assert "Abgestimmt: Jugendvertretung, Lutz, Nora" in answer
    assert "Noch nicht: Anna, Zeno" in answer


async def test_shortlist_top_n(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2 3 4")
    await group.ask("max", "/vote 1 3 4")
    await group.ask("lea", "/vote 1 3 1")
    await group.ask("jonas", "/vote 1 3")
    assert "läuft noch" in await group.ask("anna", "/shortlist 1 top=2")
    await group.ask("anna", "/close 1")
    answer = await group.ask("anna", "/priorisieren 1 top=2")
    assert "3 Maßnahmen sind jetzt priorisiert:" in answer
    assert "Gleichstände an der Grenze werden alle übernommen (3 statt 2)." in answer
    async with group.app.sessions() as s:
        statuses = dict((await s.execute(select(Measure.number, Measure.status))).all())
        events = list(await s.scalars(select(MeasureEvent).where(MeasureEvent.field == "status")))
    assert statuses == {1: "shortlisted", 2: "proposed", 3: "shortlisted", 4: "shortlisted"}
    # the audit note is in the group's language (German here), as /verlauf shows it
    assert len(events) == 3 and all(e.new == "shortlisted" and e.note == "Runde 1" for e in events)
    assert "vorgeschlagen → priorisiert (Runde 1)" in await group.ask("anna", "/verlauf 3")
    assert "„zwei“ nicht als ganze Zahl" in await group.ask("anna", "/shortlist 1 zwei")
    again = await group.ask("anna", "/shortlist 1 2")  # a bare number is the same as top=2
    assert again == (
        "Keine Maßnahme ist neu priorisiert.\n"
        "Unverändert (nicht mehr im Status vorgeschlagen): 3 (priorisiert), 1 (priorisiert), "
        "4 (priorisiert)"
    ), again
    # a round nobody voted in ranks everything alike: nothing to shortlist from
    await group.ask("anna", "/round approval 2 4")
    closed = [s.reply for s in await group.say("anna", "/close 2") if s.chat.chat_id == "group"]
    # no places (all would share the first), no chart of empty bars
    assert closed[0].text.splitlines()[1:4] == [
        "2. Sitzbänke am Markt",
        "4. Radweg zur Schule",
        "Niemand hat abgestimmt; es gibt keine Rangfolge.",
    ]
    assert "Platz" not in closed[0].text and closed[0].attachments == ()
    assert "In Runde 2 hat niemand abgestimmt; es gibt keine Rangfolge" in await group.ask(
        "anna", "/shortlist 2 top=1"
    )
    async with group.app.sessions() as s:
        assert await s.scalar(select(Measure.status).where(Measure.number == 2)) == "proposed"


async def test_close_due_rounds_with_the_fake_clock(group: Bot) -> None:
    opened = await group.ask("anna", "/round approval 1 2 closes=12.1.2027 18:00")
    assert "Endet: 12.01.2027 18:00." in opened
    await group.ask("anna", "/round approval 1 2")  # no closing time: stays open
    await group.ask("max", "/vote 1 2")
    services = group.app.services
    assert await close_due_rounds(services, group.clock.now()) == 0
    group.clock.advance(timedelta(days=1, hours=8, minutes=1))  # 12.1. 17:01 UTC = 18:01 Berlin
    # Past its closing time the round takes no ballots even before the sweep runs.
    assert "beendet" in await group.ask("lea", "/vote 1 1")
    group.adapter.pop()
    assert await close_due_rounds(services, group.clock.now()) == 1
    posted = group.adapter.pop()
    # The group's chat, and the youth representatives (no youth chat here) directly.
    assert [s.chat.chat_id for s in posted] == ["group", "dm:jonas", "dm:lea"]
    assert "Ergebnis der Runde 1" in posted[0].reply.text and "1 Zustimmung" in posted[0].reply.text
    assert posted[0].reply.attachments[0].data.startswith(PNG_SIGNATURE)
    assert await close_due_rounds(services, group.clock.now()) == 0  # closed once only
    assert "schon beendet" in await group.ask("anna", "/close 1")
    assert "wird nach ihrem Ende gezeigt" in await group.ask("anna", "/results 2")


@pytest.mark.parametrize(
    ("opening", "ballots"),
    [
        ("/round ranked 1 2 3", ("3>1>2", "1>2")),
        ("/round score 1 2", ("1=4 2=1", "1=5")),
        ("/round consent 1 2", ("ja", "nein")),
    ],
)
async def test_every_method_gets_a_chart(
    group: Bot, opening: str, ballots: tuple[str, str]
) -> None:
    await group.ask("anna", opening)
    await group.ask("max", f"/vote 1 {ballots[0]}")
    await group.ask("lea", f"/vote 1 {ballots[1]}")
    reply = (await group.say("anna", "/close 1"))[0].reply
    assert reply.attachments[0].data.startswith(PNG_SIGNATURE)


async def test_poll_answers_of_another_round_are_refused(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    await group.ask("anna", "/round approval 3 4")
    sent = await group.press("max", "v:1", selected=("v:2:3",))
    assert "gilt nicht mehr" in sent[0].reply.text
    assert await counts(group) == (2, 0, 0)


async def test_long_lists_are_buttons_not_a_poll(group: Bot) -> None:
    for i in range(20):
        await group.ask("anna", f"/propose Idee {i}")
    reply = (await group.say("anna", "/round approval all"))[0].reply
    assert len(reply.choices) == 24 and reply.poll_max_selections is None


async def test_closing_from_a_private_chat_tells_the_group(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    await group.ask("max", "/vote 1 2")
    sent = await group.say("anna", "/close 1", chat="dm")
    # Her answer, the group, and the youth representatives (no youth chat here) directly.
    assert [s.chat.chat_id for s in sent] == ["dm:anna", "group", "dm:jonas", "dm:lea"]
    assert all("Ergebnis der Runde 1" in s.reply.text and s.reply.attachments for s in sent)


async def test_one_broken_round_does_not_stop_the_sweep(group: Bot) -> None:
    from storage.models import Ballot

    await group.ask("anna", "/round approval 1 2 closes=12.1.2027 18:00")
    await group.ask("anna", "/round approval 3 4 closes=12.1.2027 18:00")
    async with group.app.sessions() as s, s.begin():
        s.add(Ballot(token="broken", round_id=1, content={"approved": [999]}))
    group.clock.advance(timedelta(days=2))
    group.adapter.pop()
    assert await close_due_rounds(group.app.services, group.clock.now()) == 1
    assert "Ergebnis der Runde 2" in group.adapter.pop()[0].reply.text
    assert "gibt es keine" not in await group.ask("anna", "/results 1")  # still open, not lost


async def test_shortlisting_tells_the_youth_proposer_as_status_does(group: Bot) -> None:
    await group.ask("lea", "/idee Bolzplatz")
    await group.ask("anna", "/annehmen 1")  # measure 5, Lea's idea
    await group.ask("anna", "/round approval 1 5")
    await group.ask("max", "/vote 1 5")
    await group.ask("anna", "/close 1")
    sent = await group.say("anna", "/priorisieren 1 1")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert "5. Bolzplatz" in texts["group"]
    assert texts["dm:lea"] == (
        "Gute Nachricht zu deiner Idee „Bolzplatz“: Die Steuerungsgruppe hat sie in die "
        "engere Wahl genommen."
    )


async def test_a_round_that_missed_its_quorum_shortlists_only_when_forced(group: Bot) -> None:
    await group.ask("anna", "/round approval 3 4 quorum=80%")
    await group.ask("anna", "/vote 1 3")
    await group.ask("anna", "/close 1")
    refused = await group.ask("anna", "/priorisieren 1 top=1")
    assert refused == (
        "Runde 1 hat ihr Quorum nicht erreicht, ihr Ergebnis ist also kein Beschluss. Um "
        "trotzdem daraus zu priorisieren: /priorisieren 1 top=1 erzwingen"
    )
    async with group.app.sessions() as s:
        statuses = dict((await s.execute(select(Measure.number, Measure.status))).all())
    assert statuses[3] == "proposed"
    assert "1 Maßnahme ist jetzt priorisiert" in await group.ask(
        "anna", "/priorisieren 1 top=1 erzwingen"
    )
