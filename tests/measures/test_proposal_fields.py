"""/vorschlag with fields (``kontakt=… frist=…``), a description and the person responsible."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.models import Measure
from tests.harness import Bot


async def measure(bot: Bot, number: int = 1) -> Measure:
    async with bot.app.sessions() as s:
        found = await s.scalar(select(Measure).where(Measure.number == number))
        assert found is not None
        return found


async def test_a_description_after_the_fields_stays_the_description(bot: Bot) -> None:
    """``| Beschreibung`` after the fields is the description, not part of the last value."""
    await bot.group_with(max="member")
    answer = await bot.ask(
        "anna", "/vorschlag Skatepark kontakt=a@b.de frist=30.06.2027 | Eine Beschreibung"
    )
    assert answer == "Maßnahme 1 „Skatepark“ ist vorgeschlagen.\nDazu gespeichert: Kontakt, Frist"
    stored = await measure(bot)
    assert (stored.title, stored.description, stored.contact, stored.due_on) == (
        "Skatepark",
        "Eine Beschreibung",
        "a@b.de",
        date(2027, 6, 30),
    )


async def test_fields_after_the_description_are_fields(bot: Bot) -> None:
    """``Titel | Beschreibung kontakt=…``: the fields come off the end of the description."""
    await bot.group_with(max="member")
    answer = await bot.ask("anna", "/vorschlag Bolzplatz | am Bach kontakt=a@b.de #beteil")
    assert answer.endswith("(Handlungsfeld: Beteiligung).\nDazu gespeichert: Kontakt")
    stored = await measure(bot)
    assert (stored.title, stored.description, stored.contact) == ("Bolzplatz", "am Bach", "a@b.de")
    answer = await bot.ask("anna", "/vorschlag Spielplatz amt=Bauamt | am Park kosten=1.500 €")
    assert answer.endswith("\nDazu gespeichert: Federführung, Kosten")
    stored = await measure(bot, 2)
    assert (stored.description, stored.lead_office, stored.cost_estimate) == (
        "am Park",
        "Bauamt",
        1500,
    )


async def test_the_person_responsible_given_with_a_proposal_is_assigned(bot: Bot) -> None:
    """``/vorschlag Titel verantwortlich=Max`` assigns as ``/zuweisen 1 Max`` would: the
    member is responsible (and hears it), "ich" is whoever types it, anything else is the
    lead office."""
    await bot.group_with(max="member")
    sent = await bot.say("anna", "/vorschlag Skatepark verantwortlich=Max frist=30.06.2027")
    assert [s.chat.chat_id for s in sent] == ["group", "dm:max"]  # the answer first
    assert sent[0].reply.text == (
        "Maßnahme 1 „Skatepark“ ist vorgeschlagen.\nDazu gespeichert: Frist\n"
        "Max ist jetzt verantwortlich für Maßnahme 1 „Skatepark“."
    )
    assert "jetzt verantwortlich für Maßnahme 1" in sent[1].reply.text
    assert (await measure(bot)).responsible_id is not None
    answer = await bot.ask("max", "/vorschlag Bolzplatz | am Bach verantwortlich=ich")
    assert answer.endswith("\nMax ist jetzt verantwortlich für Maßnahme 2 „Bolzplatz“.")
    answer = await bot.ask("anna", "/vorschlag Radweg verantwortlich=Tiefbauamt")
    assert answer == (
        "Maßnahme 3 „Radweg“ ist vorgeschlagen.\nFederführung für Maßnahme 3 „Radweg“: Tiefbauamt."
    )
    stored = await measure(bot, 3)
    assert (stored.responsible_id, stored.lead_office) == (None, "Tiefbauamt")


async def test_a_person_responsible_assign_refuses_leaves_the_proposal(bot: Bot) -> None:
    """What /zuweisen refuses (a role's name) is said with the lines to type for the new
    measure's number; a hidden minor is never named, and found by the whole name only."""
    bot.names["lea"] = "Lea Sommer"
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    answer = await bot.ask("anna", "/vorschlag Bolzplatz verantwortlich=Jugendvertretung")
    assert answer == (
        "Maßnahme 1 „Bolzplatz“ ist vorgeschlagen.\n"
        "„Jugendvertretung“ ist eine Rolle in der Gruppe, kein Amt. Wer ist gemeint?\n"
        "1 Jugendvertretung, deren Name hier nicht gezeigt wird: /zuweisen 1 <ganzer Name>"
    )
    assert (await measure(bot)).responsible_id is None
    answer = await bot.ask("anna", "/vorschlag Skatepark verantwortlich=Lea Sommer")
    assert answer.startswith(
        "Maßnahme 2 „Skatepark“ ist vorgeschlagen.\n"
        "Jugendvertretung ist jetzt verantwortlich für Maßnahme 2 „Skatepark“."
    )
    assert "Sommer" not in answer


async def test_a_german_amount_with_a_comma_before_three_digits_is_asked_about(bot: Bot) -> None:
    """ "1,500 €" in German is one and a half with the decimal comma, or fifteen hundred
    written the English way: the answer asks, and nothing is stored."""
    await bot.group_with(max="member")
    await bot.ask("anna", "/vorschlag Skatepark")
    answer = await bot.ask("anna", "/bearbeite 1 kosten=1,500 €")
    assert answer == (
        "Nichts wurde geändert:\n• kosten: „1,500 €“: Meinten Sie 1.500 oder 1,5? "
        "Bitte schreiben Sie 1500 oder 1,5."
    )
    assert (await measure(bot)).cost_estimate is None
    assert "Nichts gespeichert" in await bot.ask("anna", "/vorschlag Bolzplatz kosten=1,500")
    await bot.ask("anna", "/bearbeite 1 kosten=1.500 €")
    assert (await measure(bot)).cost_estimate == 1500


async def test_help_on_propose_names_the_fields_it_takes(bot: Bot) -> None:
    """/hilfe vorschlag shows that fields may follow the title, with an example; a youth
    representative, whose idea takes none, is not shown them."""
    await bot.group_with(lea="youth")
    explained = await bot.ask("anna", "/hilfe vorschlag")
    assert "So geht’s: /vorschlag <Titel> [| Beschreibung] [#Handlungsfeld] [Feld=Wert …]" in (
        explained
    )
    assert (
        "Felder wie bei /bearbeite nach dem Titel, z. B. /vorschlag Skatepark kontakt=… frist=… "
        "verantwortlich=…"
    ) in explained
    youth = await bot.ask("lea", "/hilfe vorschlag", chat="dm")
    assert "Feld" not in youth and "kontakt=" not in youth
    du = bot.app.services.i18n("de", informal=True)
    assert "[Feld=Wert …]" in du.t(
        "/propose <title> [| description] [#field of action] [field=value …]"
    )
    await bot.ask("anna", "/sprache en")
    explained = await bot.ask("anna", "/help propose")
    assert "/propose <title> [| description] [#field of action] [field=value …]" in explained
    assert "e.g. /propose Skatepark contact=… due=… responsible=…" in explained


async def test_a_second_person_responsible_with_a_proposal_is_refused(bot: Bot) -> None:
    """Two ``verantwortlich=`` are refused clearly, nothing stored, and no /zuweisen line with
    a number the measure does not have; an empty one names nobody."""
    await bot.group_with(max="member", ben="member")
    answer = await bot.ask("anna", "/vorschlag Skatepark verantwortlich=Max verantwortlich=Ben")
    assert answer == (
        "Eine Maßnahme hat eine verantwortliche Person, verantwortlich= steht aber 2-mal da. "
        "Ein Amt gehört in amt=. Gespeichert wurde nichts."
    )
    assert "<Nummer>" not in answer
    async with bot.app.sessions() as s:
        assert await s.scalar(select(Measure)) is None
    answer = await bot.ask("anna", "/vorschlag Skatepark verantwortlich= verantwortlich=Ben")
    assert answer.startswith(
        "Maßnahme 1 „Skatepark“ ist vorgeschlagen.\n"
        "Ben ist jetzt verantwortlich für Maßnahme 1 „Skatepark“."
    )


async def test_a_contact_proposed_where_youth_read_along_is_taken_out(bot: Bot) -> None:
    """As with /bearbeite: a contact given with a proposal in a group chat that youth
    representatives read along is taken out of the chat, and the answer says where it belongs."""
    await bot.group_with(lea="youth")
    answer = await bot.ask("anna", "/vorschlag Skatepark kontakt=0171 1234567")
    assert answer == (
        "Maßnahme 1 „Skatepark“ ist vorgeschlagen.\nDazu gespeichert: Kontakt\n"
        "Kontaktdaten geben Sie mir besser im direkten Chat: Nicht alle hier dürfen sie lesen. "
        "Ich habe Ihre Nachricht aus diesem Chat entfernt, damit niemand sonst sie liest."
    )
    assert [chat.chat_id for chat, _ in bot.adapter.removed] == ["group"]
    assert (await measure(bot)).contact == "0171 1234567"
