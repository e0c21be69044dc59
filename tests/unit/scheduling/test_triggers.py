"""Each trigger at its offsets: due dates, overdue and escalation, programme dates, the weekly
digest, meetings with an agenda — driven by a fake clock and the engine's tick."""

from __future__ import annotations

from datetime import date, timedelta

from tests.harness import Bot
from tests.unit.scheduling.helpers import (
    add_measure,
    berlin,
    group_id,
    nothing_under,
    rows,
    run_at,
    set_group,
    to,
)


async def test_due_date_nudges_go_to_the_responsible_person_at_each_offset(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()

    assert to(await run_at(bot, berlin(2027, 2, 4, 8, 59)), "dm:ben") == []
    sent = to(await run_at(bot, berlin(2027, 2, 4, 9, 0)), "dm:ben")
    assert sent == [
        "Erinnerung: Maßnahme 1 „Spielplatz“ ist am 18.02.2027 fällig, in 14 Tagen.\n"
        "Aktualisieren Sie sie mit /stand 1 <Status> [Notiz]."
    ]
    assert to(await run_at(bot, berlin(2027, 2, 4, 9, 1)), "dm:ben") == []
    sent = to(await run_at(bot, berlin(2027, 2, 15, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "in 3 Tagen" in sent[0]
    sent = to(await run_at(bot, berlin(2027, 2, 18, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "ist heute fällig (18.02.2027)" in sent[0]


async def test_a_nudge_about_a_measure_not_adopted_yet_says_the_group_decides_first(
    bot: Bot,
) -> None:
    """ "/stand 1 umgesetzt" would be refused for a shortlisted measure: the nudge says that
    the steering group adopts it first, and what the coordination types for it."""
    await bot.group_with(ben="member")
    await add_measure(
        bot, "Schulwegpläne", due=date(2027, 2, 18), responsible="ben", status="shortlisted"
    )
    await bot.app.reminders.plan()
    sent = to(await run_at(bot, berlin(2027, 2, 4, 9, 0)), "dm:ben")
    assert sent == [
        "Erinnerung: Maßnahme 1 „Schulwegpläne“ ist am 18.02.2027 fällig, in 14 Tagen.\n"
        "Maßnahme 1 ist priorisiert: Die Steuerungsgruppe entscheidet zuerst, ob es weitergeht "
        "(die Koordination gibt dann /stand 1 beschlossen ein). Danach berichten Sie dazu mit "
        "/stand 1 in Umsetzung [Notiz]."
    ]
    # A milestone's nudge says the same; to the coordination, how to record the decision.
    await add_measure(bot, "Familienbüro", due=None, responsible="anna", status="shortlisted")
    await bot.ask("anna", "/meilenstein 1 25.02.2027 Entwurf")
    await bot.ask("anna", "/meilenstein 2 25.02.2027 Raum gefunden")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 11, 9, 0))
    (ben,) = [t for t in to(sent, "dm:ben") if "Entwurf" in t]
    assert "Maßnahme 1 ist priorisiert: Die Steuerungsgruppe entscheidet zuerst" in ben
    assert "<Status>" not in ben
    (anna,) = [t for t in to(sent, "dm:anna") if "Raum gefunden" in t]
    assert (
        "Maßnahme 2 ist priorisiert: Hat die Steuerungsgruppe sie beschlossen, tragen Sie das "
        "mit /stand 2 beschlossen ein; danach /stand 2 in Umsetzung [Notiz]."
    ) in anna


async def test_overdue_weekly_and_coordinators_after_seven_days(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 9, 0))

    sent = await run_at(bot, berlin(2027, 2, 25, 9, 0))
    assert [t.splitlines()[0] for t in to(sent, "dm:ben")] == [
        "Maßnahme 1 „Spielplatz“ war am 18.02.2027 fällig und ist seit 7 Tagen überfällig."
    ]
    coordinator = [t for t in to(sent, "dm:anna") if "Spielplatz" in t]
    assert coordinator == [
        "Maßnahme 1 „Spielplatz“ ist seit 7 Tagen überfällig (Frist 18.02.2027; "
        "verantwortlich: Ben). Vielleicht fragen Sie nach, wie es steht?"
    ]
    sent = await run_at(bot, berlin(2027, 3, 4, 9, 0))
    assert "seit 14 Tagen überfällig" in to(sent, "dm:ben")[0]
    assert any("seit 14 Tagen überfällig" in t for t in to(sent, "dm:anna"))


async def test_overdue_nudges_slow_down_to_every_four_weeks_after_the_first_month(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 9, 0))
    to_ben, to_anna = [], []
    day = date(2027, 2, 19)
    while day <= date(2027, 5, 20):
        sent = await run_at(bot, berlin(day.year, day.month, day.day, 9, 0))
        to_ben += [(day, t) for t in to(sent, "dm:ben")]
        to_anna += [(day, t) for t in to(sent, "dm:anna") if t.startswith("Maßnahme 1 ")]
        day += timedelta(days=1)

    # +7, +14, +21, +28 days, then +56 and +84 (15 April and 13 May 2027 are Thursdays)
    weeks = [date(2027, 2, 25), date(2027, 3, 4), date(2027, 3, 11), date(2027, 3, 18)]
    later = [date(2027, 4, 15), date(2027, 5, 13)]
    assert [d for d, _ in to_ben] == weeks + later
    assert [d for d, _ in to_anna] == weeks + later
    fourth_to_ben, fourth_to_anna = to_ben[3][1], to_anna[3][1]
    assert fourth_to_ben.endswith(
        "Ab jetzt erinnere ich Sie nur noch alle vier Wochen daran. "
        "Braucht die Maßnahme mehr Zeit? /frist 1 <Datum>"
    )
    assert fourth_to_anna.endswith("Ab jetzt melde ich mich dazu nur noch alle vier Wochen.")
    assert not any("vier Wochen" in t for _, t in to_ben[:3] + to_ben[4:])
    assert not any("vier Wochen" in t for _, t in to_anna[:3] + to_anna[4:])
    assert "seit 56 Tagen überfällig" in to_ben[4][1]


async def test_a_measure_without_responsible_person_nudges_the_coordinators(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Stadtplan", due=date(2027, 2, 18), responsible=None)
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 4, 9, 0))
    texts = [t for t in to(sent, "dm:anna") if "Stadtplan" in t]
    assert len(texts) == 1 and "Noch ist niemand verantwortlich: /zuweisen 1 <wer>." in texts[0]
    assert to(sent, "dm:ben") == []


async def test_a_nudge_about_a_measure_with_only_a_lead_office_names_the_office(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Stadtplan", due=date(2027, 2, 18), responsible=None)
    assert "Jugendamt" in await bot.ask("anna", "/assign 1 Jugendamt")
    assert "25.02.2027" in await bot.ask("anna", "/milestone 1 25.02.2027 Entwurf")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 4, 9, 0))  # the due date's
    sent += await run_at(bot, berlin(2027, 2, 11, 9, 0))  # the milestone's
    texts = [t for t in to(sent, "dm:anna") if "Stadtplan" in t]
    # Not "nobody": the office /assign named leads it; no member is responsible yet.
    line = "Federführung: Jugendamt; noch ist kein Mitglied verantwortlich: /zuweisen 1 <wer>."
    assert len(texts) == 2 and all(line in t for t in texts)
    assert not any("niemand" in t for t in texts)


async def test_personal_offsets_replace_the_defaults(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 10), responsible="ben")
    await bot.app.reminders.plan()
    before = sorted(r.dedupe_key for r in await rows(bot) if r.person_id and r.kind != "digest")
    assert [k.rsplit(":", 1)[1] for k in before if ":p2:" in k] == ["-14", "-3", "0"]
    await bot.ask("ben", "/erinnerungen offsets=7d,1d")
    keys = sorted(r.dedupe_key for r in await rows(bot) if r.person_id and r.kind != "digest")
    assert [k.rsplit(":", 1)[1] for k in keys if ":p2:" in k] == ["-1", "-7"]


async def test_programme_dates_reach_the_coordinators_weeks_ahead(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await set_group(bot, seal_until=date(2027, 4, 30))
    until = berlin(2027, 5, 1)
    plan = [
        r
        for r in await bot.app.reminders.preview(await group_id(bot), until)
        if r.subject == "group"
    ]
    # 8, 4 and 1 weeks before and on the day, at 09:00 local time.
    assert [(r.due_at, r.key.rsplit(":", 2)[-1]) for r in plan] == [
        (berlin(2027, 3, 5, 9), "-56"),
        (berlin(2027, 4, 2, 9), "-28"),
        (berlin(2027, 4, 23, 9), "-7"),
        (berlin(2027, 4, 30, 9), "0"),
    ]
    assert {r.person_id for r in plan} == {1}  # anna, the coordinator; not ben
    bot.clock.set(berlin(2027, 2, 20))
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 3, 5, 9, 0))
    assert "Musterstadt: Das Siegel läuft am 30.04.2027 ab. Das ist in 8 Wochen." in to(
        sent, "dm:anna"
    )
    # A week before, in days, as the digest says it ("in 7 Tagen", not "in 1 Woche").
    sent = await run_at(bot, berlin(2027, 4, 23, 9, 0))
    assert "Musterstadt: Das Siegel läuft am 30.04.2027 ab. Das ist in 7 Tagen." in to(
        sent, "dm:anna"
    )
    # On the day itself (before: nothing).
    sent = await run_at(bot, berlin(2027, 4, 30, 9, 0))
    assert "Musterstadt: Das Siegel läuft am 30.04.2027 ab. Das ist heute." in to(sent, "dm:anna")


async def test_weekly_digest_on_monday_at_eight_and_on_demand(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 25), responsible="ben")
    await add_measure(bot, "Alt", due=date(2027, 1, 4), responsible="ben", status="in_progress")
    # A youth representative's idea goes to the moderation queue, a member's is a measure.
    assert "Warteschlange" in await bot.ask("lea", "/propose Skatepark")
    assert await bot.ask("ben", "/propose Bänke am Teich")
    await bot.app.reminders.plan()

    assert to(await run_at(bot, berlin(2027, 1, 18, 7, 59)), "dm:anna") == []
    digest = to(await run_at(bot, berlin(2027, 1, 18, 8, 0)), "dm:anna")
    assert len(digest) == 1
    text = digest[0]
    assert text.startswith("Übersicht für Musterstadt, 18.01.2027")
    assert "Fällig in den nächsten 14 Tagen:\n• 1. Spielplatz — 25.01.2027" in text
    assert "Überfällig:\n• 2. Alt — 04.01.2027" in text
    assert "Neue Vorschläge (letzte 7 Tage):\n• 3. Bänke am Teich\n\n" in text
    assert "Jugendideen, die auf eine Antwort warten:\n• 1. Skatepark" in text
    assert "Skatepark" not in text.split("Jugendideen")[0]  # not a measure (yet)
    assert "Offene Abstimmungsrunden" in nothing_under(text)
    on_demand = await bot.ask("anna", "/digest")
    assert on_demand == text
    assert await bot.ask("anna", "/overview") == text  # as it is called in English


async def test_a_week_with_nothing_to_report_sends_no_digest(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Alt", due=None, responsible="ben", status="done")
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 1, 25, 8, 0)), "dm:anna") == []
    # Asked for, it answers all the same: the empty headings in one line, not a "nichts"
    # under each of six headings.
    assert await bot.ask("anna", "/digest") == (
        "Übersicht für Musterstadt, 25.01.2027\n\n"
        "Ohne Einträge: Fällig in den nächsten 14 Tagen · Überfällig · Meilensteine in den "
        "nächsten 14 Tagen · Neue Vorschläge (letzte 7 Tage) · Offene Abstimmungsrunden · "
        "Jugendideen, die auf eine Antwort warten"
    )
    # Once there is something, the Monday digest comes again.
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 5), responsible="ben")
    digest = to(await run_at(bot, berlin(2027, 2, 1, 8, 0)), "dm:anna")
    assert len(digest) == 1 and "• 2. Spielplatz — 05.02.2027" in digest[0]
    assert "nichts" not in digest[0] and "Überfällig" in nothing_under(digest[0])


async def test_a_milestone_not_reached_by_its_day_stays_in_the_digest_as_overdue(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=None, responsible="ben")
    assert "15.01.2027" in await bot.ask("anna", "/milestone 1 15.01.2027 Angebote einholen")
    await bot.app.reminders.plan()
    # Its nudges end on its day; the Monday after, the coordinators still read of it.
    digest = to(await run_at(bot, berlin(2027, 1, 18, 8, 0)), "dm:anna")
    assert len(digest) == 1
    assert (
        "Überfällig:\n"
        "• 1. Spielplatz — verantwortlich: Ben\n"
        "   Meilenstein „Angebote einholen“ am 15.01.2027 verpasst\n"
    ) in digest[0]
    assert "Meilensteine in den nächsten 14 Tagen" in nothing_under(digest[0])
    await bot.ask("anna", "/milestone 1 reached 1")
    assert "Überfällig" in nothing_under(await bot.ask("anna", "/digest"))


async def test_a_missed_milestone_stands_under_its_measure_with_who_is_responsible(
    bot: Bot,
) -> None:
    """The coordinator reads each measure once under Überfällig, who is responsible for it,
    and its missed milestones under it as such: not a second line for the same measure with
    another date and nobody to ask."""
    await bot.group_with(ben="member", carla="member")
    await add_measure(bot, "Kinderstadtplan", due=date(2027, 3, 12), responsible="ben")
    await add_measure(bot, "Spielplatz", due=date(2027, 4, 30), responsible="carla")
    await bot.ask("anna", "/milestone 1 29.01.2027 Entwurf fertig")
    await bot.ask("anna", "/milestone 2 15.02.2027 Jury steht")
    await bot.app.reminders.plan()
    digest = to(await run_at(bot, berlin(2027, 3, 15, 8, 0)), "dm:anna")
    assert len(digest) == 1
    assert (
        "Überfällig:\n"
        "• 1. Kinderstadtplan — 12.03.2027 — verantwortlich: Ben\n"
        "   Meilenstein „Entwurf fertig“ am 29.01.2027 verpasst\n"
        "• 2. Spielplatz — verantwortlich: Carla\n"
        "   Meilenstein „Jury steht“ am 15.02.2027 verpasst\n\n"
    ) in digest[0]


async def test_a_measure_due_soon_with_a_missed_milestone_is_listed_once_as_overdue(
    bot: Bot,
) -> None:
    """Each measure once: due in the next 14 days and behind on a milestone, it stands under
    Überfällig with its due date and the missed milestone, not under both headings."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Schulwegpläne", due=date(2027, 2, 15), responsible="ben")
    await add_measure(bot, "Familienwegweiser", due=date(2027, 2, 12), responsible="ben")
    await bot.ask("anna", "/milestone 1 26.01.2027 Entwurf an Schulen")
    await bot.app.reminders.plan()
    digest = to(await run_at(bot, berlin(2027, 2, 8, 8, 0)), "dm:anna")
    assert len(digest) == 1
    assert (
        "Fällig in den nächsten 14 Tagen:\n"
        "• 2. Familienwegweiser — 12.02.2027 — verantwortlich: Ben\n\n"
        "Überfällig:\n"
        "• 1. Schulwegpläne — fällig am 15.02.2027 — verantwortlich: Ben\n"
        "   Meilenstein „Entwurf an Schulen“ am 26.01.2027 verpasst\n\n"
    ) in digest[0]
    assert digest[0].count("Schulwegpläne") == 1
    asked = await bot.ask("anna", "/uebersicht")
    assert asked.count("Schulwegpläne") == 1 and "fällig am 15.02.2027" in asked


async def test_digest_after_a_workshop_names_ten_new_proposals_and_counts_the_rest(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 20), responsible="ben")
    for n in range(2, 52):
        await bot.ask("ben", f"/propose Idee aus dem Workshop Nummer {n}")
    text = await bot.ask("anna", "/digest")
    new = text.split("Neue Vorschläge (letzte 7 Tage):\n")[1].split("\n\n")[0].split("\n")
    assert new[0] == "• 2. Idee aus dem Workshop Nummer 2"
    assert new[9] == "• 11. Idee aus dem Workshop Nummer 11"
    assert new[10:] == ["• … und 40 weitere Vorschläge: /massnahmen vorgeschlagen"]
    assert "Fällig in den nächsten 14 Tagen:\n• 1. Spielplatz — 20.01.2027" in text


async def test_meeting_reminders_post_an_agenda_in_the_group_chat(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 20), responsible="ben")
    await add_measure(bot, "Radweg", due=None, responsible="ben", status="in_progress")
    await bot.ask("anna", "/propose Neue Idee")
    # Proposed, and due soon: once, under what is due (before: under "Neue Vorschläge" too).
    await add_measure(
        bot, "Bank am Teich", due=date(2027, 1, 15), responsible=None, status="proposed"
    )
    answer = await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    assert "Nächste Sitzung: 12.01.2027 17:00" in answer
    # The day before (Monday 17:00) the agenda, in the group chat.
    assert to(await run_at(bot, berlin(2027, 1, 11, 16, 59)), "group") == []
    sent = to(await run_at(bot, berlin(2027, 1, 11, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 12.01.2027 17:00.\nTagesordnung:\n"
        "1. Fällig oder überfällig:\n• 4. Bank am Teich — 15.01.2027\n"
        "• 1. Spielplatz — 20.01.2027\n"
        "2. Laufende Maßnahmen:\n• 2. Radweg\n"
        "3. Neue Vorschläge:\n• 3. Neue Idee"
    ]
    # Two hours before, the same day: one line, not the agenda again in the same words.
    sent = to(await run_at(bot, berlin(2027, 1, 12, 15, 0)), "group")
    assert sent == [
        "Heute um 17:00: Sitzung der Steuerungsgruppe. "
        "Die Tagesordnung kam mit der Erinnerung vom 11.01.2027."
    ]
    # The next month's meeting, Tuesday 9 February: new are the proposals made since the
    # meeting of 12 January; the one discussed then is counted.
    bot.clock.set(berlin(2027, 1, 20, 10, 0))
    await bot.ask("anna", "/propose Trinkbrunnen")
    sent = to(await run_at(bot, berlin(2027, 2, 8, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 09.02.2027 17:00.\nTagesordnung:\n"
        "1. Fällig oder überfällig:\n• 4. Bank am Teich — 15.01.2027\n"
        "• 1. Spielplatz — 20.01.2027\n"
        "2. Laufende Maßnahmen:\n• 2. Radweg\n"
        "3. Neue Vorschläge:\n• 5. Trinkbrunnen\n"
        "• … und 1 älterer Vorschlag: /massnahmen vorgeschlagen"
    ]
    assert "Sitzungserinnerungen sind ausgeschaltet." in await bot.ask(
        "anna", "/reminders meeting off"
    )
    assert not [r for r in await rows(bot, pending_only=True) if r.subject == "meeting"]


async def test_a_coordinator_or_member_reads_the_next_agenda_before_it_is_posted(bot: Bot) -> None:
    """/tagesordnung: the agenda of the next meeting as the group chat would get it now (it
    comes the day before); without a meeting rule, as of today, with how to set one."""
    await bot.group_with(ben="member", gast="observer")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 20), responsible="ben")
    await add_measure(bot, "Radweg", due=None, responsible="ben", status="in_progress")
    await bot.ask("anna", "/propose Neue Idee")
    agenda = (
        "1. Fällig oder überfällig:\n• 1. Spielplatz — 20.01.2027\n"
        "2. Laufende Maßnahmen:\n• 2. Radweg\n"
        "3. Neue Vorschläge:\n• 3. Neue Idee"
    )
    assert await bot.ask("anna", "/tagesordnung") == (
        "Es ist keine Sitzung eingestellt. Die Tagesordnung nach heutigem Stand:\n"
        + agenda
        + "\nDamit sie vor jeder Sitzung kommt: /erinnerungen sitzung jeden 2. Dienstag 17:00"
    )
    await bot.ask("anna", "/erinnerungen sitzung jeden 2. Dienstag 17:00")
    preview = (
        "Sitzung der Steuerungsgruppe: 09.02.2027 17:00.\n"
        "Tagesordnung, wie sie jetzt steht (der Gruppenchat bekommt sie am Tag davor):\n"
    )
    bot.clock.set(berlin(2027, 1, 20, 10, 0))  # after the January meeting
    assert await bot.ask("ben", "/tagesordnung", chat="dm") == (
        preview + "1. Fällig oder überfällig:\n• 1. Spielplatz — 20.01.2027\n"
        "2. Laufende Maßnahmen:\n• 2. Radweg\n"
        "3. Neue Vorschläge:\n"
        "• keine seit der letzten Sitzung; 1 älterer Vorschlag: /massnahmen vorgeschlagen"
    )
    # What the group chat gets the day before says the same.
    posted = to(await run_at(bot, berlin(2027, 2, 8, 17, 0)), "group")
    assert [p.split("\n", 2)[2] for p in posted] == [
        (await bot.ask("anna", "/agenda")).split("\n", 2)[2]
    ]
    assert "/tagesordnung ist für: Koordination, Mitglied" in await bot.ask("gast", "/tagesordnung")


async def test_in_the_meeting_the_agenda_is_todays(bot: Bot) -> None:
    """/tagesordnung typed in the meeting (on its day, from its time on) shows that meeting's
    agenda, the one the room is looking at, and when the one after it is (before: already
    the next month's, with every proposal of today's counted as older)."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/erinnerungen sitzung jeden 2. Dienstag 17:00")
    await bot.ask("ben", "/propose Neue Idee")
    bot.clock.set(berlin(2027, 1, 12, 16, 59))
    before = await bot.ask("anna", "/tagesordnung")
    assert before.startswith("Sitzung der Steuerungsgruppe: 12.01.2027 17:00.\n")
    bot.clock.set(berlin(2027, 1, 12, 17, 5))
    assert await bot.ask("anna", "/tagesordnung") == (
        "Heute um 17:00: Sitzung der Steuerungsgruppe.\n"
        "Tagesordnung, wie sie jetzt steht:\n"
        "1. Neue Vorschläge:\n• 1. Neue Idee\n"
        "Ohne Einträge: Fällig oder überfällig · Laufende Maßnahmen\n"
        "Die Sitzung danach: 09.02.2027 17:00."
    )
    bot.clock.set(berlin(2027, 1, 13, 9, 0))  # the day after: the next meeting's
    assert (await bot.ask("anna", "/tagesordnung")).startswith(
        "Sitzung der Steuerungsgruppe: 09.02.2027 17:00.\n"
    )


async def test_an_agenda_with_no_meeting_before_counts_older_proposals_by_four_weeks(
    bot: Bot,
) -> None:
    """With no meeting before (no rule yet, or its first meeting next), new proposals are
    those of the last four weeks: the older ones are not "since the last meeting"."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Neue Idee")
    bot.clock.advance(timedelta(days=35))
    agenda = await bot.ask("anna", "/tagesordnung")
    assert (
        "• keine in den letzten vier Wochen; 1 älterer Vorschlag: /massnahmen vorgeschlagen"
        in agenda
    )
    assert "seit der letzten Sitzung" not in agenda


async def test_an_agenda_names_its_empty_headings_in_one_line_and_counts_old_proposals(
    bot: Bot,
) -> None:
    """As the digest does: "Ohne Einträge: …" at the end, not "• nichts" under each heading;
    the sections that stand are numbered 1, 2 …; proposals from before the previous meeting
    are not new."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Radweg", due=None, responsible="ben", status="in_progress")
    await bot.ask("anna", "/propose Alte Idee")
    await bot.ask("anna", "/reminders meeting every tuesday 17:00")
    bot.clock.set(berlin(2027, 1, 25, 9, 0))
    sent = to(await run_at(bot, berlin(2027, 1, 25, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 26.01.2027 17:00.\nTagesordnung:\n"
        "1. Laufende Maßnahmen:\n• 1. Radweg\n"
        "2. Neue Vorschläge:\n"
        "• keine seit der letzten Sitzung; 1 älterer Vorschlag: /massnahmen vorgeschlagen\n"
        "Ohne Einträge: Fällig oder überfällig"
    ]
    assert nothing_under(sent[0]) == ["Fällig oder überfällig"]


async def test_proposals_made_in_the_previous_meeting_are_not_new_at_the_next(bot: Bot) -> None:
    """The group saw what was proposed during its meeting (before: a proposal made at 17:00 or
    later on the meeting's day was "new" at the next meeting); from the next day on it is new."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/reminders meeting every tuesday 17:00")
    bot.clock.set(berlin(2027, 1, 19, 17, 0))  # the meeting of Tuesday 19 January
    await bot.ask("ben", "/propose Idee aus der Sitzung")
    bot.clock.set(berlin(2027, 1, 19, 18, 45))
    await bot.ask("ben", "/propose Noch eine aus der Sitzung")
    bot.clock.set(berlin(2027, 1, 20, 8, 0))
    await bot.ask("ben", "/propose Trinkbrunnen")
    sent = to(await run_at(bot, berlin(2027, 1, 25, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 26.01.2027 17:00.\nTagesordnung:\n"
        "1. Neue Vorschläge:\n• 3. Trinkbrunnen\n"
        "• … und 2 ältere Vorschläge: /massnahmen vorgeschlagen\n"
        "Ohne Einträge: Fällig oder überfällig · Laufende Maßnahmen"
    ]


async def test_a_proposal_made_on_the_meetings_day_before_it_is_new_at_the_next(bot: Bot) -> None:
    """Made at 10:00 on the day of the 17:00 meeting, a proposal was on no agenda (that one
    went out the day before): it is new at the next meeting (before: counted as older, as
    if the group had seen it in the meeting); one made in the meeting is not."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/reminders meeting every tuesday 17:00")
    bot.clock.set(berlin(2027, 1, 19, 10, 0))  # the day of the meeting, before it
    await bot.ask("ben", "/propose Idee vom Vormittag")
    bot.clock.set(berlin(2027, 1, 19, 17, 30))  # in the meeting
    await bot.ask("ben", "/propose Idee aus der Sitzung")
    sent = to(await run_at(bot, berlin(2027, 1, 25, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 26.01.2027 17:00.\nTagesordnung:\n"
        "1. Neue Vorschläge:\n• 1. Idee vom Vormittag\n"
        "• … und 1 älterer Vorschlag: /massnahmen vorgeschlagen\n"
        "Ohne Einträge: Fällig oder überfällig · Laufende Maßnahmen"
    ]


async def test_a_proposal_made_after_the_agenda_went_out_is_named_before_the_meeting(
    bot: Bot,
) -> None:
    """Made the evening before the meeting, after the agenda went out, a proposal is named
    under the meeting-day reminder's line that the agenda came the day before (before: on no
    agenda at all, and counted among the older ones at the next meeting); one made after
    that reminder, just before the meeting, is new at the next meeting (before: older), and
    /tagesordnung says the same as the agenda posted."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/reminders meeting every tuesday 17:00")
    bot.clock.set(berlin(2027, 1, 18, 10, 0))
    await bot.ask("ben", "/propose Alte Idee")
    posted = to(await run_at(bot, berlin(2027, 1, 18, 17, 0)), "group")
    assert "• 1. Alte Idee" in posted[0]
    bot.clock.set(berlin(2027, 1, 18, 20, 30))  # the evening before, the agenda is out
    await bot.ask("ben", "/propose Babysitterbörse")
    assert to(await run_at(bot, berlin(2027, 1, 19, 15, 0)), "group") == [
        "Heute um 17:00: Sitzung der Steuerungsgruppe. "
        "Die Tagesordnung kam mit der Erinnerung vom 18.01.2027.\n"
        "Seitdem neu vorgeschlagen:\n• 2. Babysitterbörse"
    ]
    bot.clock.set(berlin(2027, 1, 19, 16, 30))  # after that reminder, before the meeting
    await bot.ask("ben", "/propose Leihräder")
    bot.clock.set(berlin(2027, 1, 20, 10, 0))
    preview = await bot.ask("anna", "/tagesordnung", chat="dm")
    sent = to(await run_at(bot, berlin(2027, 1, 25, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 26.01.2027 17:00.\nTagesordnung:\n"
        "1. Neue Vorschläge:\n• 3. Leihräder\n"
        "• … und 2 ältere Vorschläge: /massnahmen vorgeschlagen\n"
        "Ohne Einträge: Fällig oder überfällig · Laufende Maßnahmen"
    ]
    assert preview.split("\n", 2)[2] == sent[0].split("\n", 2)[2]


async def test_a_meeting_reminder_on_the_day_without_one_before_brings_the_agenda(
    bot: Bot,
) -> None:
    """Set on the meeting's morning, there was no reminder the day before: the one two hours
    before says "today" and has the agenda. In English too."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/lang en")
    bot.clock.set(berlin(2027, 1, 12, 9, 0))
    await add_measure(bot, "Playground", due=None, responsible="ben", status="in_progress")
    await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    sent = to(await run_at(bot, berlin(2027, 1, 12, 15, 0)), "group")
    assert sent == [
        "Today at 17:00: steering group meeting.\nAgenda:\n"
        "1. Open measures:\n• 1. Playground\n"
        "Nothing under: Due or overdue · New proposals"
    ]
    sent = to(await run_at(bot, berlin(2027, 2, 8, 17, 0)), "group")
    assert len(sent) == 1 and sent[0].startswith("Steering group meeting: 9 Feb 2027 17:00.\n")
    sent = to(await run_at(bot, berlin(2027, 2, 9, 15, 0)), "group")
    assert sent == [
        "Today at 17:00: steering group meeting. The agenda was posted with the reminder on "
        "8 Feb 2027."
    ]


async def test_the_digest_names_the_next_programme_date(bot: Bot) -> None:
    await bot.group_with()
    digest = await bot.ask("anna", "/digest")
    assert "Programm" not in digest  # no date set yet
    await bot.ask("anna", "/programm aktionsplan=1.3.2028 siegel_bis=30.6.2027")
    assert await bot.ask("anna", "/digest") == digest.replace(
        "11.01.2027\n",
        "11.01.2027\n\nAls Nächstes im Programm: Das Siegel läuft am 30.06.2027 ab. "
        "Das ist in 24 Wochen.\n",
    )
    await bot.ask("anna", "/programm zwischenbericht=20.1.2027")
    assert (
        "Als Nächstes im Programm: Der Zwischenbericht ist am 20.01.2027 fällig. Das ist in 9 Tagen."
        in (await bot.ask("anna", "/digest"))
    )
    bot.clock.advance(timedelta(days=8))  # not "in 1 Tag"
    assert "Zwischenbericht ist am 20.01.2027 fällig. Das ist morgen." in await bot.ask(
        "anna", "/digest"
    )
    bot.clock.advance(timedelta(days=1))
    assert "Zwischenbericht ist am 20.01.2027 fällig. Das ist heute." in await bot.ask(
        "anna", "/digest"
    )
    bot.clock.advance(timedelta(days=1))  # past: it is overdue, and the next one ahead is told
    assert (
        "\n\nDer Zwischenbericht war am 20.01.2027 fällig. Seit 1 Tag überfällig. Einen neuen "
        "Termin trägt /programm zwischenbericht=<Datum> ein; ist er eingereicht, löscht /programm "
        "zwischenbericht=keine ihn.\nAls Nächstes im Programm: Das Siegel läuft am 30.06.2027 ab."
    ) in await bot.ask("anna", "/digest")


async def test_an_agenda_keeps_a_milestone_missed_more_than_a_week_before(bot: Bot) -> None:
    """A milestone not reached by its day stands under "due or overdue" until it is marked
    reached, as in the digest: with a meeting once a month, one missed 13 days before the
    agenda would otherwise be in no agenda at all."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Radweg", due=None, responsible="ben", status="in_progress")
    bot.clock.set(berlin(2027, 1, 11, 9, 0))
    assert "26.01.2027" in await bot.ask("anna", "/milestone 1 26.01.2027 Entwurf")
    bot.clock.set(berlin(2027, 1, 27, 9, 0))
    await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    sent = to(await run_at(bot, berlin(2027, 2, 8, 17, 0)), "group")
    assert sent == [
        "Sitzung der Steuerungsgruppe: 09.02.2027 17:00.\nTagesordnung:\n"
        "1. Fällig oder überfällig:\n• 1. Radweg\n"
        "   Meilenstein „Entwurf“ am 26.01.2027 verpasst\n"
        "Ohne Einträge: Laufende Maßnahmen · Neue Vorschläge"
    ]
    await bot.ask("anna", "/milestone 1 reached 1")
    sent = to(await run_at(bot, berlin(2027, 3, 8, 17, 0)), "group")
    assert "Entwurf" not in sent[-1] and "1. Laufende Maßnahmen:\n• 1. Radweg" in sent[-1]


async def test_a_programme_date_years_ahead_is_said_in_years_not_weeks(bot: Bot) -> None:
    """A seal or certificate is valid three years: the digest names its end "in more than 2
    years", not "in 124 weeks"; under a year it stays in weeks."""
    await bot.group_with()
    await bot.ask("anna", "/programm siegel_bis=1.6.2029")
    assert (
        "Als Nächstes im Programm: Das Siegel läuft am 01.06.2029 ab. "
        "Das ist in mehr als 2 Jahren.\n"
    ) in await bot.ask("anna", "/digest")
    await bot.ask("anna", "/programm siegel_bis=11.1.2028")
    assert "Das ist in 1 Jahr.\n" in await bot.ask("anna", "/digest")
    await bot.ask("anna", "/programm siegel_bis=10.1.2028")
    assert "Das ist in 52 Wochen.\n" in await bot.ask("anna", "/digest")


async def test_a_guest_asking_for_the_digest_reads_how_many_youth_ideas_wait_not_which(
    bot: Bot,
) -> None:
    """Youth ideas are moderated before anyone but coordinators and members reads them: a
    guest (the press office) may not read the queue, nor its titles in /digest; a member may."""
    await bot.group_with(ben="member", lea="youth", otto="observer")
    assert "Warteschlange" in await bot.ask("lea", "/propose Skatepark", chat="dm")
    assert "Warteschlange" in await bot.ask("lea", "/propose Bänke im Park", chat="dm")
    for chat in ("group", "dm"):
        guest = await bot.ask("otto", "/uebersicht", chat=chat)
        assert "Skatepark" not in guest and "Bänke" not in guest
        assert (
            "Jugendideen, die auf eine Antwort warten:\n"
            "• 2 Ideen warten auf die Entscheidung der Steuerungsgruppe."
        ) in guest
    assert "Jugendideen, die auf eine Antwort warten:\n• 1. Skatepark\n• 2. Bänke im Park" in (
        await bot.ask("ben", "/uebersicht")
    )


async def test_the_agenda_lists_a_measure_due_and_with_a_missed_milestone_once(bot: Bot) -> None:
    """As the digest does: its due date on its line, the milestone missed under it (before:
    the measure twice, once for its due date and once for the milestone)."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 20), responsible="ben")
    answer = await bot.ask("anna", "/milestone 1 26.01.2027 Angebote einholen")
    assert "26.01.2027" in answer, answer
    bot.clock.set(berlin(2027, 1, 27, 9, 0))
    await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    sent = to(await run_at(bot, berlin(2027, 2, 8, 17, 0)), "group")
    assert len(sent) == 1
    assert (
        "1. Fällig oder überfällig:\n• 1. Spielplatz — 20.02.2027\n"
        "   Meilenstein „Angebote einholen“ am 26.01.2027 verpasst\n"
    ) in sent[0]
    assert sent[0].count("Spielplatz") == 1
