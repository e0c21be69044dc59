"""/edit, /assign, /due, /milestone, /history: every field, validated values, nothing half-applied."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from storage.models import Measure, MeasureEvent, Milestone
from tests.harness import Bot
from tests.unit.scheduling.helpers import person_id


async def measure(bot: Bot, number: int = 1) -> Measure:
    async with bot.app.sessions() as s:
        found = await s.scalar(select(Measure).where(Measure.number == number))
        assert found is not None
        return found


async def event_count(bot: Bot) -> int:
    async with bot.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(MeasureEvent)) or 0)


async def set_up_group(bot: Bot) -> Bot:
    await bot.group_with(max="member", lea="youth", otto="observer")
    await bot.ask("anna", "/propose Spielplatz | am Park #beteil")
    return bot


@pytest.fixture
async def group(bot: Bot) -> Bot:
    return await set_up_group(bot)


async def test_edit_every_field_in_german(group: Bot) -> None:
    answer = await group.ask(
        "anna",
        '/bearbeite 1 ziel="Mehr Platz zum Spielen" amt=Grünflächenamt kontakt=Frau Berg partner=Kita Sonnenschein, Elternbeirat '
        "beginn=15.3.2027 ende=Ende Juni frist=nächsten Freitag kosten=1.500,50 € finanzierung=Landesprogramm gesichert=ja "
        "indikator=Zahl der Besuche gremium=Stadtrat beschlussdatum=2027-02-01 beschluss=DS-12/2027 sachstand=Planung läuft "
        "handlungsfeld=info titel=Spielplatz am Park beschreibung=Neuer Spielplatz zyklus=2",
    )
    assert "Maßnahme 1 „Spielplatz am Park“ geändert" in answer
    m = await measure(group)
    assert m.goal == "Mehr Platz zum Spielen"
    assert m.lead_office == "Grünflächenamt" and m.contact == "Frau Berg"
    assert m.partners == "Kita Sonnenschein, Elternbeirat"
    assert m.start_on == date(2027, 3, 15) and m.end_on == date(2027, 6, 30)
    assert m.due_on == date(2027, 1, 15)  # the clock says Monday 11.1.2027
    assert m.cost_estimate == Decimal("1500.50") and m.funding_source == "Landesprogramm"
    assert m.funding_secured is True and m.indicators == "Zahl der Besuche"
    assert (m.resolution_body, m.resolution_date, m.resolution_doc) == (
        "Stadtrat",
        date(2027, 2, 1),
        "DS-12/2027",
    )
    assert m.progress_note == "Planung läuft" and m.title == "Spielplatz am Park" and m.cycle == 2
    assert m.description == "Neuer Spielplatz"
    assert "Information" in await group.ask("anna", "/show 1")


@pytest.mark.parametrize("spelling", ["ä/ü", "a/u", "ae/ue"])
async def test_field_names_with_umlauts_in_any_spelling(group: Bot, spelling: str) -> None:
    """A keyboard without umlauts: "fällig", "fallig" and "faellig" name the same field."""
    a, u = spelling.split("/")
    answer = await group.ask(
        "anna",
        f"/bearbeite 1 federf{u}hrung=Jugendamt f{a}llig=1.6.2027 kostensch{a}tzung=300",
    )
    assert "Federführung: — → Jugendamt" in answer and "Frist: — → 01.06.2027" in answer
    m = await measure(group)
    assert m.lead_office == "Jugendamt" and m.cost_estimate == Decimal("300.00")


async def test_umlauts_spelled_out_find_fields_of_action_and_members(bot: Bot) -> None:
    await bot.group_with(**{"jürgen": "member"})
    await bot.ask("anna", "/fields add Grünflächen")
    for n, typed in ((1, "gruenfl"), (2, "grunflachen")):
        answer = await bot.ask("anna", f"/propose Bank {n} #{typed}")
        assert answer == f"Maßnahme {n} „Bank {n}“ ist vorgeschlagen (Handlungsfeld: Grünflächen)."
    answer = await bot.ask("anna", "/zuweisen 1 juergen")
    assert "Jürgen ist jetzt verantwortlich für Maßnahme 1" in answer
    assert "Jürgen ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 2 Jurgen")


async def test_edit_english_names_and_values(group: Bot) -> None:
    await group.ask(
        "max",
        "/edit 1 goal=More play office=Parks department cost=1500 secured=no start=2027-03-15 due=in 2 weeks funding=City",
    )
    m = await measure(group)
    assert m.goal == "More play" and m.lead_office == "Parks department"
    assert m.cost_estimate == Decimal("1500.00") and m.funding_secured is False
    assert m.start_on == date(2027, 3, 15) and m.due_on == date(2027, 1, 25)


async def test_an_english_chat_reads_costs_the_english_way_and_asks_about_a_dot_before_thousands(
    group: Bot,
) -> None:
    await group.ask("anna", "/sprache en")
    await group.ask("max", "/edit 1 cost=1,500")
    assert (await measure(group)).cost_estimate == Decimal("1500.00")
    await group.ask("max", "/edit 1 cost=1.50")
    assert (await measure(group)).cost_estimate == Decimal("1.50")
    answer = await group.ask("max", "/edit 1 cost=1.500")
    assert "Nothing was changed" in answer
    assert "“1.500”: did you mean 1,500 or 1.5? Please write 1500 or 1.5." in answer
    assert (await measure(group)).cost_estimate == Decimal("1.50")


async def test_a_german_chat_reads_a_dot_before_thousands_as_before(group: Bot) -> None:
    await group.ask("max", "/bearbeite 1 kosten=1.500")
    assert (await measure(group)).cost_estimate == Decimal("1500.00")
    await group.ask("max", "/bearbeite 1 kosten=1,5")
    assert (await measure(group)).cost_estimate == Decimal("1.50")


@pytest.mark.parametrize(
    ("pair", "reason"),
    [
        ("kosten=viel", "nicht als Geldbetrag lesen"),
        ("kosten=-5 €", "nicht negativ"),
        ("kosten=1.50.000", "Geldbetrag"),
        ("frist=irgendwann", "nicht als Datum lesen"),
        ("beginn=31.2.2027", "kein Tag im Kalender"),
        ("gesichert=vielleicht", "ja oder nein"),
        ("handlungsfeld=Sport", "Handlungsfeld „Sport“ gibt es nicht"),
        ("farbe=blau", "Das Feld „farbe“ kenne ich nicht"),
        ("status=umgesetzt", "Den Status ändern Sie mit /stand"),
        ("zyklus=0", "größer als 0"),
        ("herkunft=Mond", "Unbekannte Herkunft „Mond“"),
        ("titel=", "Titel darf nicht leer"),
        ("amt=" + "x" * 201, "zu lang (201 Zeichen, höchstens 200)"),
    ],
)
async def test_invalid_value_refused_with_reason_and_nothing_applied(
    group: Bot, pair: str, reason: str
) -> None:
    before = await event_count(group)
    answer = await group.ask("anna", f"/edit 1 ziel=Neues Ziel {pair} amt=Jugendamt")
    assert "Nichts wurde geändert" in answer and reason in answer, answer
    m = await measure(group)
    assert m.goal == "" and m.lead_office == "" and m.cost_estimate is None
    assert await event_count(group) == before


async def test_every_problem_is_listed_with_an_example(group: Bot) -> None:
    answer = await group.ask("anna", "/edit 1 kosten=abc frist=gestern2 gesichert=vielleicht")
    assert answer.count("•") == 3
    assert (
        "Beispiele: 1.500 €" in answer
        and "Beispiele: 15.3.2027" in answer
        and "Beispiele: ja, nein" in answer
    )


async def test_a_month_or_quarter_starts_on_its_first_day_and_ends_on_its_last(
    group: Bot,
) -> None:
    await group.ask("anna", "/bearbeite 1 beginn=Mai 2027 ende=Q3 2027 frist=bis KW 40 2027")
    m = await measure(group)
    assert (m.start_on, m.end_on, m.due_on) == (
        date(2027, 5, 1),
        date(2027, 9, 30),
        date(2027, 10, 8),
    )


async def test_end_before_start_and_twice_given_are_refused(group: Bot) -> None:
    assert "liegt vor dem Beginn" in await group.ask(
        "anna", "/edit 1 beginn=1.7.2027 ende=1.6.2027"
    )
    assert "doppelt" in await group.ask("anna", "/edit 1 amt=A office=B")
    assert (await measure(group)).lead_office == ""


async def test_edit_bad_input(group: Bot) -> None:
    assert "Maßnahme 9 gibt es in dieser Gruppe nicht" in await group.ask("anna", "/edit 9 amt=X")
    assert "keine Nummer" in await group.ask("anna", "/edit eins amt=X")
    # A title where the number belongs: where to find the number.
    assert (await group.ask("anna", "/stand Spielplatz priorisiert")).startswith(
        "„Spielplatz“ ist keine Nummer. /massnahmen Spielplatz listet die Maßnahmen mit diesem "
        "Wort.\nSo geht’s: /stand <Nummer> [<Nummer> …] <Status>"
    )
    assert "nicht verstanden" in await group.ask("anna", "/edit 1 Jugendamt")
    assert "Es fehlt" in await group.ask("anna", "/edit 1")
    assert "Als Gast lesen Sie mit; /edit ist für" in await group.ask("otto", "/edit 1 amt=X")
    assert "Jugendvertretung" in await group.ask("lea", "/edit 1 amt=X")
    assert "hat diese Werte schon" in await group.ask("anna", "/edit 1 beschreibung=am Park")


async def test_edit_with_the_equals_sign_forgotten_shows_how_to_write_it(group: Bot) -> None:
    """A field's name, then its value, without "=": the answer writes it out to copy."""
    assert (await group.ask("anna", "/bearbeite 1 ziel Spielgeräte erneuern")).startswith(
        "Zwischen Feld und Wert gehört ein „=“: /bearbeite 1 ziel=Spielgeräte erneuern\n"
        "So geht’s: /bearbeite <Nummer>"
    )
    assert "/edit 1 Kosten=5000 €" in await group.ask("anna", "/edit 1 Kosten: 5000 €")
    assert (await measure(group)).goal == ""
    assert "nicht verstanden" in await group.ask("anna", "/edit 1 Jugendamt Nord")


async def test_edit_of_the_person_responsible_points_to_assign(group: Bot) -> None:
    """The person responsible is no field of /edit: the answer gives the /assign line to
    copy, in the reader's language, instead of the list of fields."""
    assert await group.ask("anna", "/bearbeite 1 verantwortlich=Max") == (
        "Nichts wurde geändert:\n"
        "• verantwortlich: Wer verantwortlich ist, wird so festgelegt: /zuweisen 1 Max"
    )
    await group.ask("max", "/lang en", chat="dm")
    answer = await group.ask("max", "/edit 1 responsible=me", chat="dm")
    assert answer.endswith("• responsible: The person responsible is set with /assign 1 me")
    assert (await measure(group)).responsible_id is None


async def test_assign_member_or_office(group: Bot) -> None:
    assert "Max ist jetzt verantwortlich für Maßnahme 1" in await group.ask(
        "anna", "/zuweisen 1 max"
    )
    assert (await measure(group)).responsible_id is not None
    assert "Federführung für Maßnahme 1 „Spielplatz“: Amt für Schule." in await group.ask(
        "anna", "/assign 1 Amt für Schule"
    )
    shown = await group.ask("anna", "/show 1")
    assert "Verantwortlich: Max" in shown and "Federführung: Amt für Schule" in shown


async def test_assign_to_oneself_in_words(group: Bot) -> None:
    """/zuweisen 1 ich makes whoever types it responsible, not an office called "ich"."""
    assert await group.ask("max", "/zuweisen 1 ich") == (
        "Max ist jetzt verantwortlich für Maßnahme 1 „Spielplatz“."
    )
    found = await measure(group)
    assert found.responsible_id == await person_id(group, "max") and not found.lead_office
    assert "Anna ist jetzt verantwortlich" in await group.ask("anna", "/zuweisen 1 mir", "dm")
    assert "Max ist jetzt verantwortlich" in await group.ask("max", "/assign 1 me")
    assert not (await measure(group)).lead_office


async def test_handing_over_to_someone_not_in_the_group_says_who_stays_responsible(
    group: Bot,
) -> None:
    """Max hands his measure to a colleague who has not joined: her name becomes the lead
    office, and the answer says that he stays responsible (his nudges go on)."""
    await group.ask("anna", "/zuweisen 1 max")
    assert await group.ask("max", "/zuweisen 1 Carla", chat="dm") == (
        "Federführung für Maßnahme 1 „Spielplatz“: Carla.\n"
        "Verantwortlich bleibt Max (übernehmen kann sie nur ein Mitglied der Gruppe: "
        "/mitglieder).\n\n"
        "Federführung für Maßnahme 1 „Spielplatz“: Carla (eingetragen von Max)."  # the group's
    )
    assert (await measure(group)).responsible_id == await person_id(group, "max")


async def test_the_person_made_responsible_hears_it_directly_and_so_does_the_one_before(
    group: Bot,
) -> None:
    def direct(sent: list, name: str) -> list[str]:  # type: ignore[type-arg]
        return [s.reply.text for s in sent if s.chat.chat_id == f"dm:{name}"]

    sent = await group.say("anna", "/zuweisen 1 max")
    assert [s.chat.chat_id for s in sent] == ["group", "dm:max"]  # the answer first
    assert direct(sent, "max") == [
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 1 „Spielplatz“. "
        "/zeige 1 zeigt sie."
    ]
    await group.ask("anna", "/frist 1 15.3.2027")
    sent = await group.say("anna", "/zuweisen 1 lea")
    assert direct(sent, "max") == [  # whom to hand over to, a hidden minor as in the group
        "In Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 „Spielplatz“. "
        "Verantwortlich jetzt: Jugendvertretung."
    ]
    assert direct(sent, "lea") == [  # a youth representative in the du form, with the date
        "In Musterstadt bist du jetzt verantwortlich für Maßnahme 1 „Spielplatz“. "
        "Fällig am 15.03.2027. /zeige 1 zeigt sie."
    ]
    sent = await group.say("anna", "/zuweisen 1 niemand")
    assert direct(sent, "lea") == [
        "In Musterstadt bist du nicht mehr verantwortlich für Maßnahme 1 „Spielplatz“."
    ]
    # Whoever makes themselves responsible knows it already; an office has nobody to tell.
    sent = await group.say("anna", "/zuweisen 1 anna")
    assert [s.chat.chat_id for s in sent] == ["group"]
    sent = await group.say("anna", "/zuweisen 1 Amt für Schule")
    assert [s.chat.chat_id for s in sent] == ["group"]


async def test_a_measure_handed_over_after_its_due_date_says_that_it_passed(group: Bot) -> None:
    """Not "Fällig am 15.01.2027." read on the 18th: the new person learns it is late, and a
    member how to set a new date (a youth representative may not)."""

    def direct(sent: list, name: str) -> list[str]:  # type: ignore[type-arg]
        return [s.reply.text for s in sent if s.chat.chat_id == f"dm:{name}"]

    assert "15.01.2027" in await group.ask("anna", "/frist 1 15.1.2027")
    group.clock.set(datetime(2027, 1, 18, 10, tzinfo=UTC))
    sent = await group.say("anna", "/zuweisen 1 max")
    assert direct(sent, "max") == [
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 1 „Spielplatz“. Die Frist "
        "(15.01.2027) ist schon verstrichen: /frist 1 <Datum> setzt eine neue. /zeige 1 zeigt sie."
    ]
    await group.ask("anna", "/stand 1 beschlossen force")
    sent = await group.say("anna", "/zuweisen 1 lea")
    assert direct(sent, "lea") == [
        "In Musterstadt bist du jetzt verantwortlich für Maßnahme 1 „Spielplatz“. Die Frist "
        "(15.01.2027) ist schon verstrichen. /zeige 1 zeigt sie."
    ]


async def test_the_person_responsible_hears_when_their_due_date_moves(group: Bot) -> None:
    def to_max(sent: list) -> list[str]:  # type: ignore[type-arg]
        return [s.reply.text for s in sent if s.chat.chat_id == "dm:max"]

    await group.ask("anna", "/zuweisen 1 max")
    sent = await group.say("anna", "/frist 1 15.3.2027")
    assert [s.chat.chat_id for s in sent] == ["group", "dm:max"]
    assert to_max(sent) == [
        "In Musterstadt ist Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) jetzt fällig am "
        "15.03.2027 (eingetragen von Anna)."
    ]
    sent = await group.say("anna", "/bearbeite 1 frist=31.3.2027 kosten=500")
    assert to_max(sent) == [
        "In Musterstadt ist Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) jetzt fällig am "
        "31.03.2027 statt am 15.03.2027 (verschoben von Anna)."
    ]
    sent = await group.say("anna", "/frist 1 keine")
    assert to_max(sent) == [
        "In Musterstadt hat Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) keine Frist mehr "
        "(entfernt von Anna)."
    ]
    # Other fields, the same date again, or Max changing it himself: nothing for him.
    assert to_max(await group.say("anna", "/bearbeite 1 kosten=600")) == []
    await group.ask("anna", "/frist 1 1.4.2027")
    assert to_max(await group.say("anna", "/frist 1 1.4.2027")) == []
    assert to_max(await group.say("max", "/frist 1 2.4.2027")) == []


async def test_due_refuses_past_dates(group: Bot) -> None:
    assert "in der Vergangenheit" in await group.ask("anna", "/frist 1 1.1.2027")
    assert (await measure(group)).due_on is None
    assert "fällig am 15.03.2027" in await group.ask("anna", "/due 1 15.3.2027")
    assert "fällig am 31.03.2027" in await group.ask("anna", "/due 1 Ende März")


async def test_edit_refuses_a_past_due_date_like_due(group: Bot) -> None:
    answer = await group.ask("anna", "/edit 1 frist=gestern kosten=500")
    assert "Nichts wurde geändert" in answer and "frist: Der 10.01.2027 liegt in der" in answer
    changed = await measure(group)
    assert changed.due_on is None and changed.cost_estimate is None  # all or nothing
    assert "31.03.2027" in await group.ask("anna", "/edit 1 frist=Ende März")
    assert "Beginn" in await group.ask("anna", "/edit 1 beginn=1.1.2027")  # a start may be past


async def test_milestone_refuses_past_dates(group: Bot) -> None:
    assert "in der Vergangenheit" in await group.ask("anna", "/milestone 1 1.1.2020 Altes")
    async with group.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Milestone)) == 0


async def test_milestones(group: Bot) -> None:
    assert "Meilenstein für Maßnahme 1 am 30.06.2027: Eröffnung" in await group.ask(
        "anna", "/meilenstein 1 Ende Juni Eröffnung"
    )
    assert "am 25.01.2027: Bauantrag stellen" in await group.ask(
        "anna", "/milestone 1 in 2 Wochen Bauantrag stellen"
    )
    assert "nicht als Datum lesen" in await group.ask("anna", "/milestone 1 Baubeginn")
    assert "Es fehlt" in await group.ask("anna", "/milestone 1 15.3.2027")
    assert "zu lang" in await group.ask("anna", "/milestone 1 15.3.2027 " + "x" * 201)
    async with group.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Milestone)) == 2
    shown = await group.ask("anna", "/show 1")
    assert "Meilenstein 25.01.2027: Bauantrag stellen" in shown


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/meilenstein 1 Ende Juni 2028 Baubeginn", "am 30.06.2028: Baubeginn"),
        ("/meilenstein 1 15.3. 2028 Baubeginn", "am 15.03.2028: Baubeginn"),
        ("/meilenstein 1 Mai 12 Bänke aufstellen", "am 12.05.2027: Bänke aufstellen"),
        ("/milestone 1 12 Jan 2028 draft", "am 12.01.2028: draft"),
        ("/milestone 1 Dec 15, 2027 tender", "am 15.12.2027: tender"),
        ("/milestone 1 March 3rd 2028 tender", "am 03.03.2028: tender"),
    ],
)
async def test_a_milestone_date_takes_its_year_and_a_day_after_its_month(
    group: Bot, typed: str, expected: str
) -> None:
    """Before, the shortest date was taken: "Ende Juni" (the next June) with "2028 Baubeginn"
    as the milestone, "Dec" (31 December) with "15, 2027 tender"."""
    answer = await group.ask("anna", typed)
    assert expected in answer, answer


async def test_milestone_date_last_listed_and_removed(group: Bot) -> None:
    assert "am 15.12.2027: Angebote einholen" in await group.ask(
        "anna", "/meilenstein 1 Angebote einholen bis 15.12.2027"
    )
    assert "am 30.06.2027: Entfernen der alten Geräte" in await group.ask(
        "anna", "/meilenstein 1 Entfernen der alten Geräte Ende Juni"
    )
    assert "hat den Meilenstein „angebote einholen“ am 15.12.2027 schon" in await group.ask(
        "anna", "/milestone 1 15.12.2027 angebote einholen"
    )
    assert await group.ask("max", "/meilenstein 1") == (
        "Meilensteine von Maßnahme 1 „Spielplatz“:\n"
        "1. 30.06.2027 Entfernen der alten Geräte\n"
        "2. 15.12.2027 Angebote einholen\n"
        "Als erreicht markieren mit /meilenstein 1 erreicht <n>.\n"
        "Einen entfernen: /meilenstein 1 entfernen <n>."
    )
    assert "keinen Meilenstein 3. /milestone 1 zeigt sie" in await group.ask(
        "anna", "/milestone 1 remove 3"
    )
    assert "Es fehlt noch: Nummer des Meilensteins" in await group.ask(
        "anna", "/meilenstein 1 entfernen"
    )
    assert "Deine Rolle: Jugendvertretung" in await group.ask("lea", "/meilenstein 1 entfernen 1")
    # Asked first, with a button naming the milestone: the numbers shift after a removal.
    asked = (await group.say("max", "/meilenstein 1 löschen 1"))[0].reply
    assert asked.text == (
        "Den Meilenstein „Entfernen der alten Geräte“ (30.06.2027) von Maßnahme 1 entfernen?"
    )
    button = asked.choices[0]
    assert button.label == "„Entfernen der alten Geräte“ (30.06.2027) entfernen"
    assert [s.reply.text for s in await group.press("otto", button.action)] == [
        "Meilensteine entfernen können nur die Koordination und Mitglieder."
    ]
    assert [s.reply.text for s in await group.press("max", button.action)] == [
        "Meilenstein von Maßnahme 1 entfernt: 30.06.2027 Entfernen der alten Geräte"
    ]
    assert [s.reply.text for s in await group.press("anna", button.action)] == [
        "Dieser Meilenstein ist schon entfernt."
    ]
    async with group.app.sessions() as s:
        assert list(await s.scalars(select(Milestone.text))) == ["Angebote einholen"]
    history = await group.ask("anna", "/verlauf 1")
    assert "Meilenstein: 30.06.2027 Entfernen der alten Geräte → —" in history
    await group.ask("anna", "/propose Bänke")
    assert "noch keine Meilensteine. Einen hinzufügen: /meilenstein 2 <Datum> <Text>" in (
        await group.ask("anna", "/meilenstein 2")
    )


async def test_history_shows_who_when_old_new(group: Bot) -> None:
    await group.ask("anna", "/edit 1 kosten=1500")
    await group.ask("max", "/edit 1 kosten=2.000 €")
    history = await group.ask("otto", "/verlauf 1")
    assert "Verlauf von Maßnahme 1 „Spielplatz“" in history
    assert "11.01.2027 10:00 · Anna · angelegt: Spielplatz" in history
    assert "Anna · Kosten: — → 1.500,00 €" in history
    assert "Max · Kosten: 1.500,00 € → 2.000,00 €" in history
    assert "Maßnahme 7 gibt es in dieser Gruppe nicht" in await group.ask("anna", "/history 7")


async def test_assign_ambiguous_name_is_refused(group: Bot) -> None:
    await group.ask("anna", "/invite member")
    await group.ask("maria", "/join CODE0004")
    answer = await group.ask("anna", "/assign 1 ma")
    assert "passt auf mehrere Mitglieder: Maria, Max" in answer
    assert (await measure(group)).lead_office == ""


async def test_field_of_action_after_the_title_or_after_the_description(group: Bot) -> None:
    assert "Maßnahme 2 „Radweg“ ist vorgeschlagen (Handlungsfeld: Beteiligung)" in (
        await group.ask("anna", "/propose Radweg #beteiligung | sicherer Schulweg")
    )
    assert "Maßnahme 3 „Bänke“ ist vorgeschlagen (Handlungsfeld: Information)" in (
        await group.ask("anna", "/propose Bänke | am Markt #info")
    )
    shown = await group.ask("anna", "/show 2")
    assert "2. Radweg\n" in shown and "Beschreibung: sicherer Schulweg" in shown
    assert "Handlungsfeld „sport“ gibt es nicht" in await group.ask(
        "anna", "/propose Turnhalle #sport | neu"
    )


async def test_due_date_and_responsibility_can_be_taken_away(group: Bot) -> None:
    await group.ask("anna", "/due 1 15.3.2027")
    await group.ask("anna", "/assign 1 max")
    assert "hat jetzt keine Frist mehr" in await group.ask("anna", "/frist 1 keine")
    assert "Maßnahme 1 hat keine Frist." in await group.ask("anna", "/due 1 none")
    assert "Max ist jetzt verantwortlich" not in await group.ask("anna", "/assign 1 Jugendamt")
    # "niemand" takes the member away; the lead office beside him stays, and the answer says
    # so and how to remove it too (it took both away without a word).
    answer = await group.ask("anna", "/zuweisen 1 niemand")
    assert answer.startswith(
        "Für Maßnahme 1 „Spielplatz“ ist jetzt niemand mehr verantwortlich.\n"
        "Die Federführung bleibt: Jugendamt. /bearbeite 1 amt=keine entfernt sie."
    )
    changed = await measure(group)
    assert changed.responsible_id is None and changed.lead_office == "Jugendamt"
    assert "Federführung: Jugendamt → —" in await group.ask("anna", "/bearbeite 1 amt=keine")
    await group.ask("anna", "/assign 1 Jugendamt")
    assert "niemand mehr verantwortlich." in await group.ask("anna", "/zuweisen 1 niemand")
    changed = await measure(group)
    assert changed.due_on is None and changed.responsible_id is None and not changed.lead_office
    assert "noch niemand verantwortlich" in await group.ask("anna", "/assign 1 -")
    history = await group.ask("anna", "/verlauf 1")
    assert "Frist: 15.03.2027 → —" in history
    assert "verantwortlich: Max → —" in history and "Federführung: Jugendamt → —" in history
    assert "Deine Rolle: Jugendvertretung" in await group.ask("lea", "/frist 1 keine")


async def test_edit_keeps_quotes_and_commas_inside_a_value(group: Bot) -> None:
    answer = await group.ask(
        "anna",
        '/bearbeite 1 beschreibung=Er sagte "Hallo Welt", dann ging er '
        'ziel="Mehr Platz" amt=„Amt für Kinder“ und Jugend',
    )
    assert 'Beschreibung: am Park → Er sagte "Hallo Welt", dann ging er' in answer, answer
    m = await measure(group)
    assert m.description == 'Er sagte "Hallo Welt", dann ging er'
    assert m.goal == "Mehr Platz"  # quotes around a whole value only hold it together
    assert m.lead_office == "„Amt für Kinder“ und Jugend"
    # A quoted key=value inside a value stays text, not a second field.
    await group.ask("anna", '/bearbeite 1 sachstand=Siehe "amt=Bauamt" im Protokoll')
    m = await measure(group)
    assert m.progress_note == 'Siehe "amt=Bauamt" im Protokoll'
    assert m.lead_office == "„Amt für Kinder“ und Jugend"


async def test_an_unknown_status_lists_the_german_ones_as_people_write_them(group: Bot) -> None:
    answer = await group.ask("max", "/status 1 fertigish")
    assert answer.startswith(
        "Den Status „fertigish“ kenne ich nicht. Möglich: vorgeschlagen, priorisiert, "
        "beschlossen, in Umsetzung, umgesetzt"
    ), answer
    assert "in Umsetzung → " not in answer
    assert "beschlossen" in await group.ask("anna", "/status 1 beschlossen force")
    assert "→ in Umsetzung" in await group.ask("max", "/status 1 in Umsetzung")


async def test_the_words_people_use_for_a_status_work(group: Bot) -> None:
    """ "fertig", "in Bearbeitung", "zurückgestellt", "abgelehnt": the words of an office."""
    assert "vorgeschlagen → beschlossen" in await group.ask("anna", "/stand 1 angenommen")
    answer = await group.ask("max", "/stand 1 in Bearbeitung Angebote laufen")
    assert "beschlossen → in Umsetzung" in answer and answer.endswith("Notiz: Angebote laufen")
    assert "in Umsetzung → umgesetzt" in await group.ask("max", "/stand 1 fertig")
    await group.ask("max", "/propose Bänke")
    await group.ask("max", "/propose Trinkbrunnen")
    assert "vorgeschlagen → verschoben" in await group.ask("max", "/stand 2 zurückgestellt")
    assert "verschoben → verworfen" in await group.ask("max", "/status 2 rejected")
    assert "vorgeschlagen → verschoben" in await group.ask("max", "/status 3 on hold")
    done = await group.ask("max", "/massnahmen status=abgeschlossen")
    assert "1. Spielplatz" in done and "Bänke" not in done


async def test_assign_names_the_member_a_typo_looks_like(group: Bot) -> None:
    answer = await group.ask("anna", "/zuweisen 1 Mx")
    assert answer == (
        "Federführung für Maßnahme 1 „Spielplatz“: Mx.\n"
        "Kein Mitglied heißt „Mx“. Meinten Sie Max? Dann: /zuweisen 1 Max"
    )
    # Two letters swapped, or one wrong in a short name, is a typo too.
    assert "Meinten Sie Max?" in await group.ask("anna", "/zuweisen 1 Mxa")
    assert "Meinten Sie Max?" in await group.ask("anna", "/zuweisen 1 Mex")
    # A name beside an office: the office is set, and the member is asked about.
    assert await group.ask("anna", "/zuweisen 1 Jugendamt Max") == (
        "Federführung für Maßnahme 1 „Spielplatz“: Jugendamt Max.\n"
        "Kein Mitglied heißt „Jugendamt Max“. Meinten Sie Max? Dann: /zuweisen 1 Max"
    )
    # An office is just that, without a question.
    assert "Meinten Sie" not in await group.ask("anna", "/zuweisen 1 ASD")
    assert await group.ask("anna", "/zuweisen 1 Jugendamt") == (
        "Federführung für Maßnahme 1 „Spielplatz“: Jugendamt."
    )
    # A hidden minor's name is never offered.
    await group.press("lea", "age:under16", chat="dm")
    assert "Meinten Sie" not in await group.ask("anna", "/zuweisen 1 Leah")


async def test_assign_refuses_the_name_of_someone_who_has_left(backend_bot: Bot) -> None:
    """Taken as an office, a former member's name would stand in the plan and its exports:
    also that of a youth representative under 16 whose name the group never saw."""
    group = await set_up_group(backend_bot)
    await group.ask("sophie", "/beitreten " + await group.invite("anna", "youth"))
    await group.press("sophie", "age:under16", chat="dm")
    await group.say("anna", "/entfernen Sophie")  # removed: joined with a code, did nothing
    await group.ask("max", "/leave ja")  # left on his own
    refusal = (
        "Diese Person ist nicht mehr in der Steuerungsgruppe, darum trage ich den Namen bei "
        "Maßnahme 1 nicht ein. Nennen Sie ein Mitglied (/mitglieder zeigt sie) oder ein Amt, "
        "etwa /zuweisen 1 Jugendamt."
    )
    for typed in ("Sophie", "sophie", "@sophie", "Max"):
        assert await group.ask("anna", f"/zuweisen 1 {typed}") == refusal
    for shown in ("/zeige 1", "/verlauf 1"):
        assert "Sophie" not in await group.ask("anna", shown)
    # An office, or a member, still works; and a name nobody in the group ever had.
    assert await group.ask("anna", "/zuweisen 1 Jugendamt") == (
        "Federführung für Maßnahme 1 „Spielplatz“: Jugendamt."
    )
    assert "Federführung für Maßnahme 1 „Spielplatz“: Frau Sophiensaal" in await group.ask(
        "anna", "/zuweisen 1 Frau Sophiensaal"
    )
    assert "Otto ist Gast" in await group.ask("anna", "/zuweisen 1 Otto")


async def test_assign_a_role_name_asks_who_is_meant(bot: Bot) -> None:
    """ "/zuweisen 2 Jugendvertretung" names a role, not an office: the answer says who has
    it, with the line to type; a real office still becomes the lead office."""
    await bot.group_with(max="member", jonas="youth", otto="observer")
    await bot.press("jonas", "age:16plus", chat="dm")
    await bot.ask("anna", "/propose Skateranlage")
    for typed in ("Jugendvertretung", "jugendvertretung", "youth representative"):
        assert await bot.ask("anna", f"/zuweisen 1 {typed}") == (
            f"„{typed}“ ist eine Rolle in der Gruppe, kein Amt. Wer ist gemeint?\n/zuweisen 1 Jonas"
        ), typed
    assert await bot.ask("anna", "/zuweisen 1 Mitglied") == (
        "„Mitglied“ ist eine Rolle in der Gruppe, kein Amt. Wer ist gemeint?\n/zuweisen 1 Max"
    )
    assert "/zuweisen 1 Anna" in await bot.ask("anna", "/zuweisen 1 Koordination")
    assert "ein Gast kann nicht für eine Maßnahme verantwortlich sein" in await bot.ask(
        "anna", "/zuweisen 1 Gast"
    )
    assert not (await measure(bot)).lead_office
    for office in ("Jugendamt", "Bauamt"):
        assert await bot.ask("anna", f"/zuweisen 1 {office}") == (
            f"Federführung für Maßnahme 1 „Skateranlage“: {office}."
        )


async def test_assign_a_role_name_does_not_show_a_hidden_minors_name(bot: Bot) -> None:
    bot.names["lea"] = "Lea Sommer"
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("anna", "/propose Bolzplatz")
    answer = await bot.ask("anna", "/zuweisen 1 Jugendvertretung")
    assert answer == (
        "„Jugendvertretung“ ist eine Rolle in der Gruppe, kein Amt. Wer ist gemeint?\n"
        "1 Jugendvertretung, deren Name hier nicht gezeigt wird: /zuweisen 1 <ganzer Name>"
    )
    # Her last name with a salutation does not find her either (the whole name does).
    assert "Federführung" in await bot.ask("anna", "/zuweisen 1 Frau Sommer")
    assert "ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 1 Frau Lea Sommer")


async def test_a_coordinator_assigns_a_hidden_minor_by_the_start_of_her_name_in_the_direct_chat(
    backend_bot: Bot,
) -> None:
    """/zuweisen in a coordinator's direct chat finds a minor whose name the group does not
    see by the start of her name, as /mitglieder there names her; the group chat and a
    member's direct chat still find her by the whole name (or her user id, here "l16") only,
    and never offer it."""
    bot = backend_bot
    bot.names["l16"] = "Lea Sommer"
    await bot.group_with(l16="youth", ben="member")
    await bot.press("l16", "age:under16", chat="dm")
    await bot.ask("anna", "/propose Bolzplatz")
    for who, chat in (("anna", "group"), ("ben", "dm")):
        answer = await bot.ask(who, "/zuweisen 1 lea", chat=chat)
        assert "Sommer" not in answer and "verantwortlich" not in answer, answer
        assert "Sommer" not in await bot.ask(who, "/zuweisen 1 Lea Somer", chat=chat)
    assert (await measure(bot)).responsible_id is None
    sent = await bot.say("anna", "/zuweisen 1 lea", chat="dm")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert texts["dm:anna"] == (
        "Lea Sommer (unter 16) ist jetzt verantwortlich für Maßnahme 1 „Bolzplatz“."
    )
    assert texts["group"] == (
        "Jugendvertretung ist jetzt verantwortlich für Maßnahme 1 „Bolzplatz“ (eingetragen von Anna)."
    )


async def test_assign_a_member_named_with_a_salutation(bot: Bot) -> None:
    """ "Frau Becker" and "Herr Weber" are the members Clara Becker and Weber, not offices."""
    bot.names.update({"clara": "Clara Becker", "weber": "Weber"})
    await bot.group_with(clara="member", weber="member")
    await bot.ask("anna", "/propose Familienbüro")
    for typed, name in (
        ("Frau Becker", "Clara Becker"),
        ("Herr Weber", "Weber"),
        ("Fr. Becker", "Clara Becker"),
        ("Hr. Dr. Weber", "Weber"),
        ("Mrs Becker", "Clara Becker"),
        ("Mr. Weber", "Weber"),
        ("Frau Clara", "Clara Becker"),
    ):
        answer = await bot.ask("anna", f"/zuweisen 1 {typed}")
        assert answer.startswith(f"{name} ist jetzt verantwortlich") or "hat schon" in answer, (
            typed,
            answer,
        )
        assert not (await measure(bot)).lead_office, typed
    assert "Federführung für Maßnahme 1 „Familienbüro“: Frau Sophiensaal" in await bot.ask(
        "anna", "/zuweisen 1 Frau Sophiensaal"
    )


async def test_force_counts_only_at_the_end_and_a_note_keeps_its_words(group: Bot) -> None:
    refused = await group.ask("anna", "/stand 1 in Umsetzung Task Force gebildet")
    assert refused.startswith("Maßnahme 1 kann nicht direkt von vorgeschlagen zu in Umsetzung")
    assert (await measure(group)).status == "proposed"
    answer = await group.ask("anna", "/stand 1 beschlossen nicht erzwingen, sondern überzeugen")
    assert answer.endswith("Notiz: nicht erzwingen, sondern überzeugen"), answer
    forced = await group.ask("anna", "/stand 1 umgesetzt Task Force fertig erzwingen")
    assert "beschlossen → umgesetzt" in forced and forced.endswith("Notiz: Task Force fertig")


async def test_a_changed_origin_reads_as_people_say_it_in_the_reply_and_the_history(
    group: Bot,
) -> None:
    answer = await group.ask("max", "/bearbeite 1 herkunft=Jugendidee")
    assert answer.endswith("• Herkunft: Steuerungsgruppe → Jugendidee"), answer
    assert "Herkunft: Steuerungsgruppe → Jugendidee" in await group.ask("max", "/verlauf 1")


async def test_edit_clears_a_due_date_with_keine_as_due_does(group: Bot) -> None:
    await group.ask("max", "/frist 1 15.3.2027")
    answer = await group.ask("max", "/bearbeite 1 frist=keine kosten=keine")
    assert answer.endswith("• Frist: 15.03.2027 → —"), answer
    assert (await measure(group)).due_on is None


async def test_a_dropped_measure_is_not_planned_until_it_is_taken_up_again(group: Bot) -> None:
    await group.ask("anna", "/zuweisen 1 max")
    await group.ask("anna", "/frist 1 15.3.2027")
    sent = await group.say("anna", "/stand 1 verworfen kein Geld")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:max"] == [
        "In Musterstadt wurde Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) verworfen. "
        "Ich erinnere Sie nicht mehr daran. Notiz: kein Geld"
    ]
    before = await event_count(group)
    for command in ("/frist 1 31.3.2027", "/meilenstein 1 1.2.2027 Angebote", "/zuweisen 1 lea"):
        answer = await group.ask("anna", command)
        assert answer == (
            "Maßnahme 1 „Spielplatz“ ist verworfen. Um sie wieder zu planen, nehmen Sie sie "
            "zuerst wieder auf: /stand 1 vorgeschlagen."
        ), command
    assert "ist verworfen" in await group.ask("anna", "/bearbeite 1 frist=31.3.2027")
    assert await event_count(group) == before
    # Clearing what is left is fine: no reminders about work nobody does.
    assert "keine Frist mehr" in await group.ask("anna", "/frist 1 keine")
    assert "ist jetzt niemand mehr verantwortlich" in await group.ask("anna", "/zuweisen 1 niemand")
    assert (await measure(group)).responsible_id is None
    await group.ask("anna", "/stand 1 vorgeschlagen")
    assert "fällig am 31.03.2027" in await group.ask("anna", "/frist 1 31.3.2027")


async def test_a_done_measure_takes_no_due_date_but_still_who_did_it(group: Bot) -> None:
    await group.ask("max", "/zuweisen 1 max")
    await group.ask("anna", "/stand 1 beschlossen")
    sent = await group.say("anna", "/stand 1 umgesetzt")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:max"] == [
        "In Musterstadt ist Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) als umgesetzt "
        "eingetragen."
    ]
    assert "braucht keine Frist" in await group.ask("anna", "/frist 1 31.3.2027")
    assert "braucht keine Frist" in await group.ask("anna", "/meilenstein 1 1.2.2027 Fest")
    assert "ist jetzt verantwortlich für Maßnahme 1" in await group.ask("anna", "/zuweisen 1 lea")


async def test_whoever_reports_their_own_measure_done_gets_no_message_about_it(group: Bot) -> None:
    await group.ask("anna", "/zuweisen 1 max")
    await group.ask("anna", "/stand 1 beschlossen")
    sent = await group.say("max", "/stand 1 umgesetzt")
    assert [s.chat.chat_id for s in sent] == ["group"]


async def test_a_guest_cannot_be_made_responsible(group: Bot) -> None:
    answer = await group.ask("anna", "/zuweisen 1 otto")
    assert answer == (
        "Otto ist Gast in dieser Gruppe und kann keinen Stand melden. Geben Sie Otto zuerst eine "
        "andere Rolle (/rolle Otto mitglied) oder nennen Sie ein Amt."
    )
    assert (await measure(group)).responsible_id is None


async def test_a_hidden_minor_is_not_found_by_the_beginning_of_their_name(group: Bot) -> None:
    """Else trying letters ("/assign 2 le" → "Jugendvertretung ist jetzt verantwortlich")
    would tell who is behind the pseudonym; a beginning that fits nobody is asked about as
    someone not (yet) in the group, or is an office."""
    await group.press("lea", "age:under16", chat="dm")
    await group.ask("anna", "/propose Bänke")
    answer = await group.ask("max", "/zuweisen 2 le")
    assert answer.startswith("Le ist (noch) nicht in der Gruppe.") and "Lea" not in answer
    assert (
        await group.ask("max", "/zuweisen 2 Le-Amt")
        == "Federführung für Maßnahme 2 „Bänke“: Le-Amt."
    )
    assert (await measure(group, 2)).responsible_id is None
    assert "Jugendvertretung ist jetzt verantwortlich" in await group.ask("max", "/zuweisen 2 lea")
    # Others are found by a beginning as before.
    assert "Max ist jetzt verantwortlich" in await group.ask("anna", "/zuweisen 1 ma")


async def test_assign_to_a_bare_at_sign_names_nobody(group: Bot) -> None:
    # A mention begun and not sent finished: "@" alone is not the start of every name.
    for typed in ("@", "@@@", " @ "):
        assert await group.ask("anna", f"/assign 1 {typed}") == (
            "Es fehlt noch: Mitglied oder Amt.\nSo geht’s: /zuweisen <Nummer> <Mitglied oder Amt>"
        )
    stored = await measure(group)
    assert stored.responsible_id is None and stored.lead_office == ""


async def test_a_due_date_a_century_ahead_is_refused_as_a_slip(group: Bot) -> None:
    assert await group.ask("anna", "/frist 1 in 100 Jahren") == (
        "Der 11.01.2127 liegt mehr als 10 Jahre in der Zukunft. Bitte geben Sie ein früheres "
        "Datum an."
    )
    assert "Frist" not in await group.ask("anna", "/zeige 1")
    assert "31.12.2030" in await group.ask("anna", "/frist 1 31.12.2030")
    refused = await group.ask("anna", "/meilenstein 1 1.1.2040 Einweihung")
    assert refused.startswith("Der 01.01.2040 liegt mehr als 10 Jahre in der Zukunft.")


async def test_edit_without_a_change_names_the_fields(group: Bot) -> None:
    """ "/bearbeite 1" alone, and "/hilfe bearbeite": which fields there are, in the reader's
    words (before: "Es fehlt noch: Feld=Wert." and no list)."""
    answer = await group.ask("anna", "/bearbeite 1")
    assert answer.startswith(
        "Es fehlt noch, was sich ändern soll, als Feld=Wert. Felder: titel, beschreibung, "
        "handlungsfeld, herkunft, ziel, amt, kontakt, partner, beginn, ende, frist, kosten, "
    )
    assert "So geht’s: /bearbeite <Nummer>" in answer
    assert "\nFelder: titel, beschreibung, handlungsfeld," in await group.ask(
        "anna", "/hilfe bearbeite"
    )
    await group.ask("anna", "/lang en")
    english = await group.ask("anna", "/edit 1")
    assert "Fields: title, description, field, origin, goal, office, contact, partners," in english
    assert ", indicator, body, resolution_date, resolution, progress, cycle" in english
    assert await event_count(group) == 1  # only the creation: nothing changed


async def test_delete_says_measures_are_dropped_not_deleted(group: Bot) -> None:
    """/loeschen 1 (what people try first) explains how to drop a measure, and deletes
    nothing; /suche finds measures by a word, as /massnahmen does. The measures are "sie"
    (they), not "Sie" (you, as a capital after the colon reads)."""
    assert await group.ask("anna", "/loeschen 1") == (
        "Maßnahmen werden nicht gelöscht: sie bleiben mit ihrem Verlauf in den Unterlagen der "
        "Gruppe. Verwerfen: /stand 1 verworfen (später kann sie wieder aufgenommen werden)."
    )
    assert "/stand <n> verworfen" in await group.ask("max", "/löschen")
    assert (await measure(group)).status == "proposed"
    found = await group.ask("max", "/suche spiel")
    assert "1. Spielplatz" in found
    assert "Spielplatz" not in await group.ask("max", "/suche rathaus")


async def test_a_milestone_after_the_due_date_is_stored_with_a_warning(group: Bot) -> None:
    await group.ask("anna", "/frist 1 15.03.2027")
    answer = await group.ask("anna", "/meilenstein 1 30.04.2027 Angebote einholen")
    assert answer.startswith("Meilenstein für Maßnahme 1 am 30.04.2027: Angebote einholen")
    assert (
        "Hinweis: Er liegt nach der Frist der Maßnahme (15.03.2027). Braucht die Maßnahme "
        "länger, verschieben Sie die Frist mit /frist 1 <Datum>." in answer
    )
    async with group.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Milestone)) == 1
    # Before the due date: no warning.
    assert "Hinweis" not in await group.ask("anna", "/meilenstein 1 01.03.2027 Plan fertig")


async def test_fields_given_with_a_proposal_are_stored_with_it(bot: Bot) -> None:
    """/vorschlag Skatepark kontakt=… frist=…: the fields are set as /edit sets them (in the
    history too) instead of becoming part of the title; named, not shown, in the answer."""
    await bot.group_with(max="member")
    answer = await bot.ask(
        "anna", "/vorschlag Skatepark am Bahnhof kontakt=bauamt@musterstadt.de frist=30.06.2027"
    )
    assert answer == (
        "Maßnahme 1 „Skatepark am Bahnhof“ ist vorgeschlagen.\nDazu gespeichert: Kontakt, Frist"
    )
    stored = await measure(bot)
    assert (stored.title, stored.contact, stored.due_on) == (
        "Skatepark am Bahnhof",
        "bauamt@musterstadt.de",
        date(2027, 6, 30),
    )
    assert "Kontakt" in await bot.ask("max", "/verlauf 1", chat="dm")
    # a word with "=" that names no field stays in the title
    assert "„Formel E=mc2 erklären“ ist vorgeschlagen." in await bot.ask(
        "anna", "/vorschlag Formel E=mc2 erklären"
    )


async def test_a_proposal_with_a_wrong_field_stores_nothing(bot: Bot) -> None:
    await bot.group_with(max="member")
    before = await event_count(bot)
    answer = await bot.ask("max", "/vorschlag Skatepark frist=gestern kosten=viel")
    assert answer.startswith("Nichts gespeichert:\n• frist: ")
    assert "• kosten: " in answer
    assert await event_count(bot) == before
    assert "Maßnahme 1" in await bot.ask("max", "/vorschlag Skatepark")  # the number unused
