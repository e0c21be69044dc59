"""/programme: a group set up in the wrong programme or under a wrong name can be put right,
and the programme's dates (signing, action plan, interim report, seal) are entered in the chat,
from where they reach the coordinators as reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at, to


async def test_setup_points_to_programme_and_a_second_setup_says_how_to_correct(bot: Bot) -> None:
    answer = await bot.ask("anna", "/setup Beispieldorf familie")
    assert answer.endswith(
        "Anderes Programm oder die Termine von Unterzeichnung, Aktionsplan und Siegel: /programm"
    )
    assert await bot.ask("anna", "/setup Beispieldorf programm=fgk") == (
        "Dieser Chat gehört schon zur Steuerungsgruppe Beispieldorf familie. Die Koordination "
        "benennt sie mit /gruppe umbenennen <Name> um und ändert ihr Programm mit /programm."
    )


async def test_a_coordinator_renames_the_group(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    assert await bot.ask("anna", "/gruppe umbenennen  Musterstadt   am See") == (
        "Die Steuerungsgruppe heißt jetzt Musterstadt am See (vorher: Musterstadt)."
    )
    # Everything after it uses the new name, also through the context cache.
    assert await bot.ask("ben", "/members") == (
        "Mitglieder von Musterstadt am See:\nKoordination: Anna\nMitglied: Ben"
    )
    assert await bot.ask("ben", "/group rename Anderswo") == (
        "Nur die Koordination kann die Steuerungsgruppe umbenennen."
    )
    assert await bot.ask("anna", "/gruppe umbenennen") == (
        "Es fehlt noch: neuer Name.\n"
        "So geht’s: /gruppe [Name oder Nummer] · im Gruppenchat: /gruppe umbenennen <Name>"
    )
    assert "zu lang" in await bot.ask("anna", "/gruppe umbenennen " + "x" * 121)
    assert "Mitglieder von Musterstadt am See" in await bot.ask("ben", "/members")


async def test_everyone_sees_the_programme_only_coordinators_change_it(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert await bot.ask("ben", "/programm") == (
        "Musterstadt: Kinderfreundliche Kommune\n"
        "Phase: Bestandsaufnahme (1 von 5)\n"
        "Vereinbarung unterzeichnet: —\n"
        "Aktionsplan fällig: —\n"
        "Zwischenbericht fällig: —\n"
        "Siegel gültig bis: —\n"
        "Die Koordination wird 8, 4 und 1 Woche vor dem Aktionsplan, dem Zwischenbericht und "
        "dem Ende des Siegels erinnert und am Tag selbst.\n"
        "Die Koordination ändert sie mit /programm phase=<Phase> unterzeichnet=<Datum> "
        "einwohner=<Zahl> "
        "aktionsplan=<Datum> zwischenbericht=<Datum> siegel=<Datum der Verleihung> (oder "
        "siegel_bis=<Datum>; „keine“ löscht ein Datum); anderes Programm: /programm "
        "kfk|fgk|custom"
    )
    assert await bot.ask("ben", "/programm fgk") == (
        "Nur die Koordination kann das Programm und seine Termine ändern."
    )
    assert await bot.ask("ben", "/programm aktionsplan=1.3.2027") == (
        "Nur die Koordination kann das Programm und seine Termine ändern."
    )
    assert "Kinderfreundliche Kommune" in await bot.ask("ben", "/programm")


async def test_youth_and_guests_see_the_programme_s_facts_not_the_coordination_s_business(
    bot: Bot,
) -> None:
    """ "/programm" by a youth representative or a guest: the programme, its phase and dates,
    without who is reminded and how coordinators change the dates (before: both lines, also
    the instruction under a date that passed)."""
    await bot.group_with(tim="youth", gina="observer")
    await bot.ask("anna", "/programm aktionsplan=1.2.2027")
    bot.clock.advance(timedelta(days=30))
    facts = (
        "Musterstadt: Kinderfreundliche Kommune\n"
        "Phase: Bestandsaufnahme (1 von 5)\n"
        "Vereinbarung unterzeichnet: —\n"
        "Aktionsplan fällig: 01.02.2027 (vorbei)\n"
        "Zwischenbericht fällig: —\n"
        "Siegel gültig bis: —"
    )
    assert await bot.ask("tim", "/programm", chat="dm") == facts
    assert await bot.ask("gina", "/programm") == facts
    await bot.ask("anna", "/bind youth", chat="jugend")
    assert await bot.ask("anna", "/programm", chat="jugend") == facts
    coordinator = await bot.ask("anna", "/programm")
    assert "Die Koordination wird 8, 4 und 1 Woche" in coordinator
    assert "trägt /programm aktionsplan=<Datum> ein" in coordinator


async def test_switching_the_programme_brings_its_fields_and_keeps_those_in_use(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await bot.ask("ben", "/propose Kinderrat #beteil")
    assert await bot.ask("anna", "/programm fgk") == (
        "Das Programm von Musterstadt ist jetzt: Familiengerechte Kommune.\n"
        "Handlungsfelder:\n"
        "• Steuerung, Vernetzung und Nachhaltigkeit\n"
        "• Familie und Arbeitswelt, Betreuung\n"
        "• Bildung und Erziehung\n"
        "• Beratung und Unterstützung\n"
        "• Wohnumfeld und Lebensqualität\n"
        "• Senioren und Generationen\n"
        "• Beteiligung\n"
        "Behalten, weil Maßnahmen oder Ideen sie nutzen: Beteiligung"
    )
    fields = await bot.ask("ben", "/fields")
    assert "8. Inklusion (optional)" in fields
    assert "Kindeswohlvorrang" not in fields and "11. Beteiligung" in fields
    assert "Handlungsfeld: Beteiligung" in await bot.ask("ben", "/show 1")
    assert "Handlungsfeld: Bildung und Erziehung" in await bot.ask(
        "ben", "/propose Lernpaten #bildung"
    )
    assert "Familiengerechte Kommune" in await bot.ask("ben", "/gruppe")
    assert await bot.ask("anna", "/programm FGK") == (
        "Das Programm von Musterstadt ist schon: Familiengerechte Kommune."
    )
    # Back: the KFK fields return; Bildung und Erziehung stays because measure 2 uses it.
    back = await bot.ask("anna", "/programme kfk")
    assert back.endswith(
        "• Kindeswohlvorrang\n• Kinderfreundliche Rahmenbedingungen\n• Beteiligung\n"
        "• Information\n• Bildung und Erziehung\n"
        "Behalten, weil Maßnahmen oder Ideen sie nutzen: Bildung und Erziehung"
    )
    # An own programme keeps every field as it is.
    assert (await bot.ask("anna", "/programm custom")).startswith(
        "Das Programm von Musterstadt ist jetzt: eigenes Programm.\nHandlungsfelder:\n"
        "• Kindeswohlvorrang\n"
    )
    assert (await bot.ask("ben", "/fields")).endswith("4. Information\n5. Bildung und Erziehung")
    # From FGK to an own programme: the optional fields keep their mark in the answer too.
    await bot.ask("anna", "/programm fgk")
    custom = await bot.ask("anna", "/programm custom")
    assert "(optional)" in custom
    marked = [line for line in custom.splitlines() if line.endswith("(optional)")]
    assert [
        f"• {line.split('. ', 1)[1]}"
        for line in (await bot.ask("ben", "/fields")).splitlines()
        if line.endswith("(optional)")
    ] == marked
    assert "Unbekannt" not in await bot.ask("anna", "/programm xyz")
    # A later phase and dates: the answer says what became of them.
    await bot.ask("anna", "/programm kfk phase=umsetzung aktionsplan=1.6.2027")
    assert (await bot.ask("anna", "/programm fgk")).endswith(
        "Phase: Analysieren (1 von 5), die erste dieses Programms; eine andere setzt /programm "
        "phase=<Phase>.\nDie Termine bleiben, wie sie waren:\n"
        "• Vereinbarung unterzeichnet: —\n• Aktionsplan fällig: 01.06.2027\n"
        "• Nächster Jahresbericht fällig: —\n• Zertifikat gültig bis: —"
    )
    assert await bot.ask("anna", "/programm xyz") == (
        "Das Programm „xyz“ kenne ich nicht. Möglich: kfk, fgk oder custom."
    )


@pytest.mark.parametrize(
    ("inhabitants", "due", "months"),
    [("35000", "01.03.2027", 12), ("120.000", "01.09.2027", 18), ("250000", "01.03.2028", 24)],
)
async def test_the_kfk_action_plan_is_due_by_the_towns_size(
    bot: Bot, inhabitants: str, due: str, months: int
) -> None:
    await bot.group_with()
    answer = await bot.ask("anna", f"/programm unterzeichnet=1.3.2026 einwohner={inhabitants}")
    assert answer.startswith(
        "Gespeichert. Musterstadt: Kinderfreundliche Kommune\n"
        "Phase: Bestandsaufnahme (1 von 5)\n"
        "Vereinbarung unterzeichnet: 01.03.2026\n"
        f"Aktionsplan fällig: {due}\n"
    )
    assert answer.endswith(
        f"Der Aktionsplan ist {months} Monate nach der Unterzeichnung fällig, bei "
        f"{format(int(inhabitants.replace('.', '')), ',').replace(',', '.')} Einwohnern."
    )
    assert f"Aktionsplan fällig: {due}" in await bot.ask("anna", "/programm")


async def test_dates_are_checked_and_a_refused_command_changes_nothing(bot: Bot) -> None:
    await bot.group_with()
    assert await bot.ask("anna", "/programm aktionsplan=1.1.2020") == (
        "Der 01.01.2020 liegt in der Vergangenheit. Bitte geben Sie ein Datum ab heute an."
    )
    assert "ist keine Einwohnerzahl" in await bot.ask("anna", "/programm einwohner=viele")
    assert "Tag der Unterzeichnung: unterzeichnet=<Datum>" in await bot.ask(
        "anna", "/programm einwohner=35000"
    )
    assert "nicht beides" in await bot.ask("anna", "/programm siegel=1.1.2026 siegel_bis=1.1.2029")
    assert (await bot.ask("anna", "/programm siegel=")).startswith(
        "Es fehlt noch: Datum.\nSo geht’s: /programm "
    )
    # Switching to FGK and asking for a size-based date in one go: refused as a whole.
    assert "Nur bei der Kinderfreundlichen Kommune" in await bot.ask(
        "anna", "/programm fgk unterzeichnet=1.3.2026 einwohner=35000"
    )
    shown = await bot.ask("anna", "/programm")
    assert shown.startswith(
        "Musterstadt: Kinderfreundliche Kommune\nPhase: Bestandsaufnahme (1 von 5)\n"
        "Vereinbarung unterzeichnet: —"
    )
    # The seal counts three years from its award; a date stated outright wins over the size.
    answer = await bot.ask(
        "anna",
        "/programm siegel=12.5.2025 aktionsplan=30.6.2027 einwohner=35000 unterzeichnet=1.3.2026",
    )
    assert "Aktionsplan fällig: 30.06.2027\n" in answer
    assert "Siegel gültig bis: 12.05.2028" in answer
    assert "Monate nach der Unterzeichnung" not in answer
    cleared = await bot.ask("anna", "/programm aktionsplan=keine siegel_bis=-")
    assert "Aktionsplan fällig: —" in cleared and "Siegel gültig bis: —" in cleared
    assert "Vereinbarung unterzeichnet: 01.03.2026" in cleared


async def test_a_programme_date_reaches_the_coordinators_and_clearing_it_stops_that(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    assert "Aktionsplan fällig: 30.04.2027" in await bot.ask(
        "anna", "/programm aktionsplan=30.4.2027"
    )
    sent = await run_at(bot, berlin(2027, 3, 5, 9, 0))  # 8 weeks ahead, 09:00
    assert (
        "Musterstadt: Der Aktionsplan ist am 30.04.2027 fällig. Das ist in 8 Wochen.\n"
        "Der Aktionsplan, wie er steht: /aktionsplan · als Datei: /aktionsplan export xlsx"
    ) in to(sent, "dm:anna")
    assert to(sent, "dm:ben") == []
    assert "Aktionsplan fällig: —" in await bot.ask("anna", "/programm aktionsplan=keine")
    sent = await run_at(bot, berlin(2027, 4, 2, 9, 0))  # 4 weeks ahead
    assert [t for t in to(sent, "dm:anna") if "Aktionsplan" in t] == []


async def test_english_names_and_dates(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/lang en")
    answer = await bot.ask("anna", "/programme signed=2026-03-01 inhabitants=35000")
    assert "Action plan due: 1 Mar 2027" in answer
    assert answer.endswith(
        "The action plan is due 12 months after signing, for 35,000 inhabitants."
    )
    assert "1 Mar 2027" in await bot.ask("anna", "/program")


async def test_the_phase_follows_the_programme(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert "Phase: Umsetzung (4 von 5)" in await bot.ask("anna", "/programm phase=umsetz")
    # A phase of two words runs to the next option, and its title as shown is understood
    # (before: "Unbekanntes Programm „erarbeiten“").
    assert "Phase: Aktionsplan erarbeiten (2 von 5)\n" in await bot.ask(
        "anna", "/programm phase=Aktionsplan erarbeiten"
    )
    shown = await bot.ask("anna", "/programm phase=council resolution aktionsplan=1.6.2027")
    assert "Phase: Ratsbeschluss (3 von 5)\n" in shown
    assert "Aktionsplan fällig: 01.06.2027\n" in shown
    assert "Phase: Ratsbeschluss (3 von 5)" in await bot.ask("anna", "/programm phase=3")
    assert await bot.ask("anna", "/programm phase=Ernte") == (
        "„Ernte“ ist keine Phase dieses Programms. Möglich: 1. Bestandsaufnahme, 2. Aktionsplan "
        "erarbeiten, 3. Ratsbeschluss, 4. Umsetzung, 5. Folgeaktionsplan"
    )
    assert "Nur die Koordination" in await bot.ask("ben", "/programm phase=1")
    assert "Phase: Ratsbeschluss (3 von 5)" in await bot.ask("ben", "/programm")
    # FGK has steps of its own; a phase of another programme starts it at its first step.
    await bot.ask("anna", "/programm fgk")
    assert "Phase: Analysieren (1 von 5)" in await bot.ask("ben", "/programm")
    assert "Phase: Anerkennung (4 von 5)" in await bot.ask("anna", "/programm phase=Anerkennung")
    await bot.ask("anna", "/lang en")
    assert "Phase: exchange (2 of 5)" in await bot.ask("anna", "/programme step=exchange")
    await bot.ask("anna", "/programme kfk")
    assert "Phase: drawing up the action plan (2 of 5)\n" in await bot.ask(
        "anna", "/programme phase=action plan"
    )
    await bot.ask("carl", "/setup Beispieldorf programme=fgk", chat="dorf")
    assert "Phase: Analysieren (1 von 5)" in await bot.ask("carl", "/programm", chat="dorf")


async def test_a_signing_long_ago_is_kept_and_a_new_one_says_the_plan_date_stays(bot: Bot) -> None:
    await bot.group_with()
    # Signed in 2024 by a small town: the plan's date has passed; the signing is still saved.
    answer = await bot.ask("anna", "/programm unterzeichnet=1.3.2024 einwohner=5000")
    assert "Vereinbarung unterzeichnet: 01.03.2024\nAktionsplan fällig: —\n" in answer, answer
    assert answer.endswith(
        "Bei 5.000 Einwohnern war der Aktionsplan 12 Monate nach der Unterzeichnung fällig, am "
        "01.03.2025: Das ist vorbei. Ein neues Datum setzt aktionsplan=<Datum>."
    )
    await bot.ask("anna", "/programm unterzeichnet=1.3.2026 einwohner=35000")
    moved = await bot.ask("anna", "/programm unterzeichnet=1.6.2026")
    assert "Aktionsplan fällig: 01.03.2027\n" in moved
    assert moved.endswith(
        "Der Aktionsplan bleibt am 01.03.2027 fällig; mit einwohner=<Zahl> rechne ich ihn vom "
        "neuen Tag der Unterzeichnung aus neu."
    )
    assert "Aktionsplan fällig: 01.06.2027" in await bot.ask("anna", "/programm einwohner=35000")


async def test_the_familiengerechte_kommune_has_annual_reports_and_a_certificate(
    bot: Bot,
) -> None:
    answer = await bot.ask("carl", "/einrichten Beispielstadt programm=fgk", chat="dorf")
    assert answer.endswith(
        "Anderes Programm oder die Termine von Unterzeichnung, Aktionsplan, Jahresbericht und "
        "Zertifikat: /programm"
    )
    assert "Siegel" not in answer
    await bot.group_with(ben="member")
    await bot.ask("anna", "/programm fgk")
    assert await bot.ask("ben", "/programm") == (
        "Musterstadt: Familiengerechte Kommune\n"
        "Phase: Analysieren (1 von 5)\n"
        "Vereinbarung unterzeichnet: —\n"
        "Aktionsplan fällig: —\n"
        "Nächster Jahresbericht fällig: —\n"
        "Zertifikat gültig bis: —\n"
        "Die Koordination wird 8, 4 und 1 Woche vor dem Aktionsplan, dem Jahresbericht und "
        "dem Ende des Zertifikats erinnert und am Tag selbst.\n"
        "Die Koordination ändert sie mit /programm phase=<Phase> unterzeichnet=<Datum> "
        "aktionsplan=<Datum> jahresbericht=<Datum> zertifikat=<Datum der Verleihung> (oder "
        "zertifikat_bis=<Datum>; „keine“ löscht ein Datum); anderes Programm: /programm "
        "kfk|fgk|custom"
    )
    assert await bot.ask("anna", "/programm zertifikat=1.6.2025 zertifikat_bis=1.6.2028") == (
        "Bitte entweder zertifikat=<Datum der Verleihung> oder zertifikat_bis=<Datum>, nicht "
        "beides."
    )
    saved = await bot.ask("anna", "/programm jahresbericht=25.1.2027 zertifikat=1.6.2025")
    assert "Nächster Jahresbericht fällig: 25.01.2027\nZertifikat gültig bis: 01.06.2028" in saved
    # The coordinators' nudges and the digest name them so too.
    sent = await run_at(bot, berlin(2026, 11, 30, 9, 0))  # 8 weeks before the report
    assert "Musterstadt: Der Jahresbericht ist am 25.01.2027 fällig. Das ist in 8 Wochen." in [
        t.splitlines()[0] for t in to(sent, "dm:anna")
    ]
    assert "Als Nächstes im Programm: Der Jahresbericht ist am 25.01.2027 fällig." in (
        await bot.ask("anna", "/uebersicht")
    )
    await bot.ask("anna", "/programm jahresbericht=keine")
    sent = await run_at(bot, berlin(2028, 4, 6, 9, 0))  # 8 weeks before the certificate ends
    assert "Musterstadt: Das Zertifikat läuft am 01.06.2028 ab. Das ist in 8 Wochen." in to(
        sent, "dm:anna"
    )
    await bot.ask("anna", "/lang en")
    shown = await bot.ask("anna", "/programme")
    assert "Next annual report due: —\nCertificate valid until: 1 Jun 2028\n" in shown
    assert "annual=<date> certificate=<date awarded>" in shown
    # Back to the Kinderfreundliche Kommune: the same dates, in its words.
    await bot.ask("anna", "/programme kfk")
    assert "Interim report due: —\nSeal valid until: 1 Jun 2028\n" in await bot.ask(
        "anna", "/programme"
    )


async def test_a_programme_nudge_ahead_on_a_holiday_comes_the_day_before_and_says_how_far(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm siegel_bis=13.5.2027")
    await run_at(bot, berlin(2027, 4, 15, 9, 0))  # the nudges 8 and 4 weeks before
    # A week before is Ascension Day, Thursday 6 May: it comes on Wednesday (before: on
    # Friday, 6 days ahead).
    sent = to(await run_at(bot, berlin(2027, 5, 5, 9, 0)), "dm:anna")
    # Not "Das ist in 7 Tagen." (the week it was planned a week ahead of)
    assert sent == ["Musterstadt: Das Siegel läuft am 13.05.2027 ab. Das ist in 8 Tagen."], sent
    assert to(await run_at(bot, berlin(2027, 5, 7, 9, 0)), "dm:anna") == []


async def test_a_programme_nudge_ahead_on_a_holiday_of_the_groups_state_comes_the_day_before(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/erinnerungen gruppe bundesland=NW")
    await bot.ask("anna", "/programm aktionsplan=3.6.2027")
    await run_at(bot, berlin(2027, 5, 7, 9, 0))  # the nudges 8 and 4 weeks before
    # A week before is Corpus Christi, Thursday 27 May, a holiday in North Rhine-Westphalia:
    # Wednesday (before: Friday, 6 days ahead).
    sent = to(await run_at(bot, berlin(2027, 5, 26, 9, 0)), "dm:anna")
    assert [t.splitlines()[0] for t in sent] == [
        "Musterstadt: Der Aktionsplan ist am 03.06.2027 fällig. Das ist in 8 Tagen."
    ]
    assert to(await run_at(bot, berlin(2027, 5, 28, 9, 0)), "dm:anna") == []


async def test_a_programme_nudge_ahead_on_a_weekend_comes_on_the_friday_before(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm siegel_bis=3.4.2027")
    await run_at(bot, berlin(2027, 3, 8, 9, 0))  # the nudges 8 and 4 weeks before
    # A week before is Saturday 27 March; Good Friday is a holiday, so it comes on Thursday
    # (before: on the Tuesday after Easter Monday, 4 days ahead).
    sent = to(await run_at(bot, berlin(2027, 3, 25, 9, 0)), "dm:anna")
    assert sent == ["Musterstadt: Das Siegel läuft am 03.04.2027 ab. Das ist in 9 Tagen."], sent
    assert to(await run_at(bot, berlin(2027, 3, 30, 9, 0)), "dm:anna") == []


async def test_a_programme_nudge_whose_friday_has_passed_comes_on_monday(bot: Bot) -> None:
    await bot.group_with()
    bot.clock.set(berlin(2027, 4, 3, 10, 0))  # Saturday: the date is entered now
    await bot.ask("anna", "/programm siegel_bis=10.4.2027")
    # A week before is today, Saturday 3 April: Friday has passed, so Monday.
    sent = to(await run_at(bot, berlin(2027, 4, 5, 9, 0)), "dm:anna")
    assert sent == ["Musterstadt: Das Siegel läuft am 10.04.2027 ab. Das ist in 5 Tagen."], sent


async def test_a_programme_date_is_told_on_the_day_and_as_overdue_until_it_is_moved(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/programm aktionsplan=29.1.2027")  # a Friday
    await run_at(bot, berlin(2027, 1, 22, 9, 0))  # a week before
    # On the day (before: the week before was the last word).
    sent = to(await run_at(bot, berlin(2027, 1, 29, 9, 0)), "dm:anna")
    assert [t.splitlines()[0] for t in sent] == [
        "Musterstadt: Der Aktionsplan ist am 29.01.2027 fällig. Das ist heute."
    ]
    overdue = (
        "Der Aktionsplan war am 29.01.2027 fällig. Seit 3 Tagen überfällig. Einen neuen Termin "
        "trägt /programm aktionsplan=<Datum> ein; ist er beschlossen, löscht /programm "
        "aktionsplan=keine ihn."
    )
    # The Monday digest says it, though nothing else is due (before: no digest, and silence).
    sent = to(await run_at(bot, berlin(2027, 2, 1, 8, 0)), "dm:anna")
    assert len(sent) == 1 and f"01.02.2027\n\n{overdue}\n" in sent[0], sent
    assert to(await run_at(bot, berlin(2027, 2, 1, 8, 0)), "dm:ben") == []
    shown = await bot.ask("ben", "/programm")
    assert "Aktionsplan fällig: 29.01.2027 (vorbei)\n" in shown
    assert f"Siegel gültig bis: —\n{overdue}\nDie Koordination wird" in shown
    # Weeks later it counts in weeks; a new date ends it.
    bot.clock.set(berlin(2027, 2, 16, 9, 0))
    assert "Seit 2 Wochen überfällig." in await bot.ask("anna", "/uebersicht")
    saved = await bot.ask("anna", "/programm aktionsplan=30.4.2027")
    assert "überfällig" not in saved
    assert to(await run_at(bot, berlin(2027, 2, 22, 8, 0)), "dm:anna") == []


async def test_a_programme_date_on_a_weekend_is_told_the_monday_after_as_passed(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm siegel_bis=30.1.2027 zwischenbericht=31.1.2027")
    await run_at(bot, berlin(2027, 1, 29, 9, 0))
    sent = to(await run_at(bot, berlin(2027, 2, 1, 9, 0)), "dm:anna")
    # The day's nudges, held over the weekend, say that the days have passed and what to do.
    assert (
        "Musterstadt: Das Siegel ist am 30.01.2027 abgelaufen. Ein neues Siegel trägt "
        "/programm siegel=<Datum der Verleihung> ein; /programm siegel_bis=keine löscht den "
        "Termin."
    ) in sent, sent
    assert any(
        text.startswith(
            "Musterstadt: Der Zwischenbericht war am 31.01.2027 fällig. Seit 1 Tag überfällig."
        )
        for text in sent
    ), sent
    await bot.ask("anna", "/lang en")
    shown = await bot.ask("anna", "/programme")
    assert (
        "The seal expired on 30 Jan 2027. A new seal: /programme seal=<date awarded>; /programme "
        "seal_until=none clears the date.\nThe interim report was due on 31 Jan 2027. Overdue "
        "for 1 day. A new date: /programme interim=<date>; once it is handed in, /programme "
        "interim=none clears it.\n"
    ) in shown


async def test_a_passed_annual_report_offers_the_next_one_a_year_on(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm fgk jahresbericht=25.1.2027")
    sent = to(await run_at(bot, berlin(2027, 2, 1, 8, 0)), "dm:anna")
    # Before: "Einen neuen Termin trägt /programm jahresbericht=<Datum> ein" (a date to look up).
    assert (
        "Der Jahresbericht war am 25.01.2027 fällig. Seit 7 Tagen überfällig. Er ist jedes Jahr "
        "fällig: Ist er eingereicht, trägt /programm jahresbericht=25.01.2028 den nächsten ein "
        "(oder ein anderes Datum)."
    ) in sent[0], sent
    # The date stays until it is handed in: typed as offered, the next one stands.
    saved = await bot.ask("anna", "/programm jahresbericht=25.01.2028")
    assert "Nächster Jahresbericht fällig: 25.01.2028\n" in saved and "überfällig" not in saved
    await bot.ask("anna", "/programm jahresbericht=20.2.2027")
    bot.clock.set(berlin(2028, 3, 6, 9, 0))  # more than a year late: the next one still ahead
    await bot.ask("anna", "/lang en")
    assert (
        "It is due every year: once it is handed in, /programme annual=2029-02-20 enters the next "
        "one (or another date)."
    ) in await bot.ask("anna", "/programme")


async def test_help_and_refusals_name_the_options_of_the_groups_programme(bot: Bot) -> None:
    await bot.group_with()
    kfk_usage = (
        "So geht’s: /programm [kfk|fgk|custom] [phase=<Phase>] [unterzeichnet=<Datum>] "
        "[einwohner=<Zahl>] [aktionsplan=<Datum>] [zwischenbericht=<Datum>] [siegel=<Datum der "
        "Verleihung>|siegel_bis=<Datum>]"
    )
    assert kfk_usage in await bot.ask("anna", "/hilfe programm")
    await bot.ask("anna", "/programm fgk")
    # Before: the Kinderfreundliche Kommune's zwischenbericht= and siegel= here too.
    shown = await bot.ask("anna", "/hilfe programm")
    assert (
        "So geht’s: /programm [kfk|fgk|custom] [phase=<Phase>] [unterzeichnet=<Datum>] "
        "[aktionsplan=<Datum>] [jahresbericht=<Datum>] [zertifikat=<Datum der "
        "Verleihung>|zertifikat_bis=<Datum>]"
    ) in shown, shown
    assert "siegel" not in shown and "zwischenbericht" not in shown
    refused = await bot.ask("anna", "/programm bericht=1.3.2027")
    assert "jahresbericht=" in refused and "zertifikat=" in refused, refused
    assert "zwischenbericht=" not in refused and "siegel=" not in refused, refused
    missing = await bot.ask("anna", "/programm phase=")
    assert missing.endswith(
        "[jahresbericht=<Datum>] [zertifikat=<Datum der Verleihung>|zertifikat_bis=<Datum>]"
    ), missing
    await bot.ask("anna", "/lang en")
    assert "[annual=<date>] [certificate=<date awarded>|certificate_until=<date>]" in (
        await bot.ask("anna", "/help programme")
    )


async def test_an_unknown_option_is_answered_with_the_names_the_usage_shows(bot: Bot) -> None:
    await bot.group_with()
    # Before: "plan=", found inside "aktionsplan=" of the German usage.
    assert await bot.ask("anna", "/programm bericht=1.3.2027") == (
        "Die Angabe bericht= kenne ich nicht. Möglich: aktionsplan=, einwohner=, phase=, "
        "siegel=, siegel_bis=, unterzeichnet=, zwischenbericht=\n"
        "So geht’s: /programm [kfk|fgk|custom] [phase=<Phase>] [unterzeichnet=<Datum>] "
        "[einwohner=<Zahl>] [aktionsplan=<Datum>] [zwischenbericht=<Datum>] [siegel=<Datum der "
        "Verleihung>|siegel_bis=<Datum>]"
    )


async def test_the_programme_is_named_as_people_write_it_and_a_typo_gets_the_nearest(
    bot: Bot,
) -> None:
    await bot.group_with()
    # As /einrichten takes it (before: "„kommune“ habe ich nicht verstanden.").
    assert (await bot.ask("anna", "/programm Familiengerechte Kommune")).startswith(
        "Das Programm von Musterstadt ist jetzt: Familiengerechte Kommune.\n"
    )
    assert (await bot.ask("anna", "/programm kinderfreundlich")).startswith(
        "Das Programm von Musterstadt ist jetzt: Kinderfreundliche Kommune.\n"
    )
    assert "jetzt: eigenes Programm." in await bot.ask("anna", "/programm eigenes Programm")
    assert await bot.ask("anna", "/programm kfc") == (
        "Das Programm „kfc“ kenne ich nicht. Meinten Sie kfk? Möglich: kfk, fgk oder custom."
    )
    assert await bot.ask("anna", "/programm Kommune") == (
        "Das Programm „Kommune“ kenne ich nicht. Möglich: kfk, fgk oder custom."
    )
    # A date typed without its "=": the line to copy.
    assert await bot.ask("anna", "/programm Aktionsplan: 1.10.2027") == (
        "„Aktionsplan: 1.10.2027“ habe ich nicht verstanden.\n"
        "Eine Option wird mit „=“ geschrieben: /programm Aktionsplan=1.10.2027"
    )
    assert (await bot.ask("anna", "/programm siegel")).startswith(
        "„siegel“ habe ich nicht verstanden.\nSo geht’s: /programm [kfk|fgk|custom]"
    )
    await bot.ask("anna", "/lang en")
    assert await bot.ask("anna", "/programme fkg") == (
        "Unknown programme “fkg”. Did you mean fgk? Choose kfk, fgk or custom."
    )
    assert await bot.ask("anna", "/programme seal 1 Oct 2026") == (
        "I did not understand “seal 1 Oct 2026”.\n"
        "An option is written with “=”: /programme seal=1 Oct 2026"
    )


async def test_a_seal_awarded_before_the_signing_is_saved_and_questioned(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm unterzeichnet=1.10.2026")
    answer = await bot.ask("anna", "/programm siegel=1.1.2026")
    assert "Siegel gültig bis: 01.01.2029\n" in answer  # before: saved without a word
    assert answer.endswith(
        "Das Siegel wäre damit am 01.01.2026 verliehen worden, vor der Unterzeichnung der "
        "Vereinbarung am 01.10.2026. Ist ein Datum falsch? /programm siegel=<Datum der "
        "Verleihung> oder unterzeichnet=<Datum> korrigiert es."
    )
    assert "verliehen worden" in await bot.ask("anna", "/programm unterzeichnet=1.11.2026")
    assert "verliehen worden" not in await bot.ask("anna", "/programm unterzeichnet=1.12.2025")
    assert "verliehen worden" not in await bot.ask("anna", "/programm siegel=12.1.2027")
    await bot.ask("anna", "/programm fgk")
    await bot.ask("anna", "/lang en")
    assert (await bot.ask("anna", "/programme certificate_until=2028-06-30")).endswith(
        "So the certificate was awarded on 30 Jun 2025, before the agreement was signed on "
        "1 Dec 2025. Is a date wrong? /programme certificate=<date awarded> or signed=<date> "
        "puts it right."
    )


async def test_an_action_plan_before_the_signing_or_a_report_before_the_plan_is_questioned(
    bot: Bot,
) -> None:
    await bot.group_with()
    assert "wäre damit" not in await bot.ask("anna", "/programm unterzeichnet=1.6.2027")
    answer = await bot.ask("anna", "/programm aktionsplan=1.5.2027")
    assert "Aktionsplan fällig: 01.05.2027\n" in answer  # before: saved without a word
    assert answer.endswith(
        "Der Aktionsplan wäre damit am 01.05.2027 fällig, vor der Unterzeichnung der "
        "Vereinbarung am 01.06.2027. Ist ein Datum falsch? /programm aktionsplan=<Datum> oder "
        "unterzeichnet=<Datum> korrigiert es."
    )
    answer = await bot.ask("anna", "/programm zwischenbericht=1.3.2027")
    assert "Zwischenbericht fällig: 01.03.2027\n" in answer
    assert answer.endswith(
        "Der Zwischenbericht wäre damit am "
        "01.03.2027 fällig, vor dem Aktionsplan am 01.05.2027. Ist ein Datum falsch? /programm "
        "zwischenbericht=<Datum> oder aktionsplan=<Datum> korrigiert es."
    )
    assert "Aktionsplan wäre" not in answer  # said when one of its dates was set
    assert "wäre damit" not in await bot.ask("anna", "/programm unterzeichnet=1.12.2025")
    assert "wäre damit" not in await bot.ask("anna", "/programm aktionsplan=1.2.2027")
    await bot.ask("anna", "/programm fgk")
    await bot.ask("anna", "/lang en")
    assert (await bot.ask("anna", "/programme annual=2027-01-20")).endswith(
        "So the annual report is due on 20 Jan 2027, before the action plan on 1 Feb 2027. Is "
        "a date wrong? /programme annual=<date> or plan=<date> puts it right."
    )
    assert (await bot.ask("anna", "/programme signed=2027-03-15")).endswith(
        "So the action plan is due on 1 Feb 2027, before the signing of the agreement on "
        "15 Mar 2027. Is a date wrong? /programme plan=<date> or signed=<date> puts it right."
    )


async def test_an_own_programme_is_not_offered_the_towns_size(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm custom")
    # Before: "… einwohner=<Zahl> …" offered, then refused as the KFK's alone.
    assert (await bot.ask("anna", "/programm")).endswith(
        "Die Koordination ändert sie mit /programm phase=<Phase> unterzeichnet=<Datum> "
        "aktionsplan=<Datum> zwischenbericht=<Datum> siegel=<Datum der Verleihung> (oder "
        "siegel_bis=<Datum>; „keine“ löscht ein Datum); anderes Programm: /programm "
        "kfk|fgk|custom"
    )
    assert "einwohner" not in await bot.ask("anna", "/hilfe programm")
    assert "Nur bei der Kinderfreundlichen Kommune" in await bot.ask(
        "anna", "/programm unterzeichnet=1.3.2026 einwohner=35000"
    )


async def test_a_member_s_a_guest_s_and_a_youth_digest_say_a_passed_date_without_the_command(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member", otto="observer", lea="youth")
    await bot.ask("anna", "/programm aktionsplan=29.1.2027 siegel_bis=30.1.2027")
    bot.clock.set(berlin(2027, 2, 1, 9, 0))
    facts = (
        "Der Aktionsplan war am 29.01.2027 fällig. Seit 3 Tagen überfällig.\n"
        "Das Siegel ist am 30.01.2027 abgelaufen.\n"
    )
    # Before: "Einen neuen Termin trägt /programm aktionsplan=<Datum> ein; …" to those who may
    # not change it (only coordinators may, a member too was told the command).
    for name, chat in (("otto", "dm"), ("lea", "dm"), ("ben", "group"), ("ben", "dm")):
        digest = await bot.ask(name, "/uebersicht", chat=chat)
        assert f"01.02.2027\n\n{facts}\n" in digest, digest
        assert "/programm" not in digest, digest
    assert "/programm aktionsplan=<Datum>" in await bot.ask("anna", "/uebersicht")


async def test_the_implementation_phase_says_the_action_plan_date_still_reminds(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/programm aktionsplan=30.4.2027")
    assert "steht weiter" not in await bot.ask("anna", "/programm phase=Ratsbeschluss")
    # Before: the plan adopted, its nudges kept coming without a word of how to end them.
    answer = await bot.ask("anna", "/programm phase=Umsetzung")
    assert "Phase: Umsetzung (4 von 5)\n" in answer
    assert answer.endswith(
        "Der Aktionsplan steht weiter als fällig am 30.04.2027 eingetragen, und die Koordination "
        "wird daran erinnert; ist er beschlossen, löscht /programm aktionsplan=keine den Termin."
    )
    await bot.ask("anna", "/programm phase=1")
    cleared = await bot.ask("anna", "/programm phase=Umsetzung aktionsplan=keine")
    assert "steht weiter" not in cleared and "Aktionsplan fällig: —" in cleared


async def test_a_programme_date_tomorrow_is_told_as_tomorrow(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/programme interim=12.1.2027")  # today is 11 Jan 2027
    # Not "That is in 1 day."
    assert "The interim report is due on 12 Jan 2027. That is tomorrow." in await bot.ask(
        "anna", "/digest"
    )


async def test_the_report_reminders_say_how_to_write_the_report(bot: Bot) -> None:
    """The annual report's reminder gives the status report of its year, on screen and as a
    file; the interim report's the one since the group was set up (11.01.2027); the action
    plan's the plan as a file. The command it gives works as given."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/programm fgk")
    await bot.ask("anna", "/programm jahresbericht=30.11.2028")
    await run_at(bot, berlin(2028, 10, 5, 9, 0))  # 8 weeks before
    sent = to(await run_at(bot, berlin(2028, 11, 2, 9, 0)), "dm:anna")  # 4 weeks before
    assert sent == [
        "Musterstadt: Der Jahresbericht ist am 30.11.2028 fällig. Das ist in 4 Wochen.\n"
        "Der Sachstandsbericht dafür: /bericht seit=30.11.2027 · als Datei: "
        "/bericht seit=30.11.2027 export xlsx"
    ]
    shown = await bot.ask("anna", "/bericht seit=30.11.2027")
    assert shown.startswith("Sachstandsbericht Musterstadt seit 30.11.2027")
    # The Kinderfreundliche Kommune's interim report: since the group was set up.
    await bot.ask("anna", "/programm kfk zwischenbericht=18.01.2029 aktionsplan=14.12.2028")
    sent = to(await run_at(bot, berlin(2028, 11, 23, 9, 0)), "dm:anna")  # 8 weeks before
    assert (
        "Musterstadt: Der Zwischenbericht ist am 18.01.2029 fällig. Das ist in 8 Wochen.\n"
        "Der Sachstandsbericht dafür: /bericht seit=11.01.2027 · als Datei: "
        "/bericht seit=11.01.2027 export xlsx"
    ) in sent
    sent = to(await run_at(bot, berlin(2028, 12, 7, 9, 0)), "dm:anna")  # a week before
    assert (
        "Musterstadt: Der Aktionsplan ist am 14.12.2028 fällig. Das ist in 7 Tagen.\n"
        "Der Aktionsplan, wie er steht: /aktionsplan · als Datei: /aktionsplan export xlsx"
    ) in sent
