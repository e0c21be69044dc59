"""/reminders shows and changes settings; bad input is refused with a clear message."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin


async def test_defaults_are_shown(bot: Bot) -> None:
    await bot.group_with(ben="member")
    text = await bot.ask("ben", "/reminders")
    assert "Ihre Erinnerungen:" in text
    # The group has no offsets of its own: the default, said once.
    assert "• Vor einer Frist: 14, 3, 0 Tage vor der Frist (Voreinstellung)\n" in text
    assert (
        "• Solange überfällig: jede Woche, nach vier Wochen alle vier Wochen (Voreinstellung)\n"
        in text
    )
    assert "• Kanal: direkter Chat" in text
    assert "• Ruhezeiten: 20:00–07:00 (Einstellung der Gruppe)" in text
    assert "• Wochenenden: keine Erinnerungen (Einstellung der Gruppe)" in text
    assert "• Bundesland für Feiertage: nicht gesetzt (nur bundesweite Feiertage zählen)" in text
    assert "• Zeitzone: Europe/Berlin" in text
    assert "• Sitzungserinnerungen: keine" in text


async def test_personal_settings_round_trip(bot: Bot) -> None:
    await bot.group_with(ben="member")
    text = await bot.ask(
        "ben",
        "/erinnerungen offsets=10d,2d kanal=gruppe ruhezeit=21:30-06:00 wochenende=an pause=1.3.2027",
    )
    assert text.startswith("Gespeichert.\nIhre Erinnerungen:")
    assert "• Vor einer Frist: 10, 2 Tage vor der Frist" in text
    assert "• Kanal: Gruppenchat" in text
    assert "• Ruhezeiten: 21:30–06:00" in text
    assert "• Wochenenden: Erinnerungen erlaubt" in text
    assert "• Vor einer Frist: 1 Tag vor der Frist\n" in await bot.ask(
        "ben", "/erinnerungen vorlauf=1t"
    )
    await bot.ask("ben", "/lang en", chat="dm")
    assert "• Before a due date: 1 day before the due date\n" in await bot.ask(
        "ben", "/reminders", chat="dm"
    )
    assert "• Pause: pausiert bis 01.03.2027" in text
    again = await bot.ask("ben", "/reminders")
    assert "• Ruhezeiten: 21:30–06:00" in again and "• Kanal: Gruppenchat" in again
    # The group's settings are untouched by a person's.
    group_part = again.split("Gruppe Musterstadt:")[1]
    assert "• Ruhezeiten: 20:00–07:00" in group_part
    text = await bot.ask("ben", "/reminders pause=off channel=direct quiet=off")
    assert (
        "• Pause: nein" in text
        and "• Kanal: direkter Chat" in text
        and "• Ruhezeiten: keine" in text
    )
    # No lead time is the due day alone; "standard" goes back to the default.
    assert "• Vor einer Frist: nur am Tag der Frist\n" in await bot.ask(
        "ben", "/erinnerungen vorlauf=keine"
    )
    assert "• Vor einer Frist: 14, 3, 0 Tage vor der Frist (Voreinstellung)" in await bot.ask(
        "ben", "/erinnerungen vorlauf=standard"
    )


async def test_offsets_with_spaces_read_as_written(bot: Bot) -> None:
    await bot.group_with(ben="member")
    # Before: "Ich habe „Wochen“ nicht verstanden."
    assert "• Vor einer Frist: 14, 3 Tage vor der Frist\n" in await bot.ask(
        "ben", "/erinnerungen vorlauf=2 Wochen, 3 Tage"
    )
    assert "• Vor einer Frist: 3 Tage vor der Frist\n" in await bot.ask(
        "ben", "/erinnerungen vorlauf=3 Tage kanal=gruppe"
    )
    assert "• Vor einer Frist: 14, 3 Tage vor der Frist\n" in await bot.ask(
        "ben", "/erinnerungen vorlauf=14d,3d"
    )
    await bot.ask("ben", "/lang en", chat="dm")
    assert "• Before a due date: 14 days before the due date\n" in await bot.ask(
        "ben", "/reminders offsets=2 weeks", chat="dm"
    )
    assert "• While overdue: every 7 days" in await bot.ask(
        "ben", "/reminders overdue=1 week", chat="dm"
    )
    group = await bot.ask("anna", "/reminders offsets=3 days group")
    assert "• Vor einer Frist: 3 Tage vor der Frist\n" in group.split("Gruppe Musterstadt:")[1]


async def test_group_settings_round_trip_for_coordinators(bot: Bot) -> None:
    await bot.group_with(ben="member")
    text = await bot.ask(
        "anna",
        "/reminders group offsets=7d,0d quiet=19:00-08:00 weekends=off state=nw pause=5.2.2027",
    )
    group_part = text.split("Gruppe Musterstadt:")[1]
    assert "• Vor einer Frist: 7, 0 Tage vor der Frist" in group_part
    assert "• Ruhezeiten: 19:00–08:00" in group_part
    assert "• Pause: pausiert bis 05.02.2027" in group_part
    assert "• Bundesland für Feiertage: NW (Nordrhein-Westfalen)" in group_part
    # Members see the group's values as theirs unless they set their own.
    mine = (await bot.ask("ben", "/reminders")).split("Gruppe Musterstadt:")[0]
    assert "• Ruhezeiten: 19:00–08:00 (Einstellung der Gruppe)" in mine
    assert "• Vor einer Frist: 7, 0 Tage vor der Frist (Einstellung der Gruppe)\n" in mine
    text = await bot.ask("anna", "/reminders state=off")
    assert "nicht gesetzt" in text


async def test_meeting_rules_in_german(bot: Bot) -> None:
    await bot.group_with()
    answer = await bot.ask("anna", "/erinnerungen sitzung jeden 1. Montag 18:30 Uhr")
    assert "Nächste Sitzung: 01.02.2027 18:30" in answer
    assert "• Sitzungserinnerungen: jeden ersten Montag im Monat um 18:30 Uhr" in await bot.ask(
        "anna", "/reminders"
    )
    assert "Sitzungserinnerungen: jeden ersten Montag im Monat um 18:30 Uhr. Nächste" in answer


async def test_meeting_without_a_rule_shows_what_is_set(bot: Bot) -> None:
    """ "/erinnerungen sitzung" alone: the rule and the next meeting, or that none is set, each
    with how to set it (before: "Es fehlt noch: Sitzungsregel" and the whole usage)."""
    await bot.group_with()
    assert await bot.ask("anna", "/erinnerungen sitzung") == (
        "Es sind keine Sitzungserinnerungen eingestellt. Damit vor jeder Sitzung die "
        "Tagesordnung kommt: /erinnerungen sitzung jeden 2. Dienstag 17:00"
    )
    await bot.ask("anna", "/erinnerungen sitzung jeden 1. Montag 18:30 Uhr")
    shown = await bot.ask("anna", "/erinnerungen sitzung")
    assert shown.startswith(
        "Sitzungserinnerungen: jeden ersten Montag im Monat um 18:30 Uhr. Nächste Sitzung: "
        "01.02.2027 18:30."
    )
    assert shown.endswith(
        "Ändern: /erinnerungen sitzung <Regel> · beenden: /erinnerungen sitzung aus\n"
        "Die Tagesordnung, wie sie jetzt steht: /tagesordnung"
    )
    assert "Nächste Sitzung: 01.02.2027 18:30" in await bot.ask("anna", "/reminders meeting")


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("/reminders offsets=3h", "Erinnerungen kommen ganze Tage vor einer Frist"),
        ("/reminders offsets=200d", "höchstens 120 Tage"),
        ("/reminders offsets=bald", "„bald“"),
        ("/erinnerungen überfällig=bald", "„bald“ passt nicht. Beispiel: überfällig=14t"),
        ("/reminders overdue=200d", "höchstens im Abstand von 120 Tagen"),
        ("/reminders overdue=7d,14d", "„7d,14d“ passt nicht"),
        ("/reminders overdue=12h", "„12h“ passt nicht"),
        ("/reminders quiet=25:00-07:00", "„25:00-07:00“"),
        ("/reminders quiet=abends", "„abends“"),
        ("/reminders pause=1.1.2020", "01.01.2020"),
        ("/reminders pause=irgendwann", "„irgendwann“"),
        ("/reminders channel=email", "„email“ ist kein Kanal"),
        ("/reminders weekends=vielleicht", "vielleicht"),
        ("/reminders group quiet=21:00-06:00", "Nur die Koordination darf"),
        ("/erinnerungen gruppe überfällig=aus", "Nur die Koordination darf"),
        ("/erinnerungen überfällig=" + "7" * 5000, "Ihre Nachricht ist zu lang"),
        ("/reminders state=TH", "Nur die Koordination darf"),
        # Not "… ohne „gruppe“": a meeting is the group's, there is no own one to set.
        (
            "/reminders meeting every tuesday 17:00",
            "Nur die Koordination stellt die Sitzungserinnerungen ein; Sie sind Mitglied. "
            "/erinnerungen zeigt, wann die Gruppe sich trifft.",
        ),
        ("/erinnerungen sitzung aus", "Nur die Koordination stellt die Sitzungserinnerungen ein"),
        ("/reminders lauter", "„lauter“ habe ich nicht verstanden"),
        ("/reminders sound=on", "Die Angabe sound= kenne ich nicht"),
    ],
)
async def test_bad_input_is_refused_and_nothing_changes(bot: Bot, said: str, expected: str) -> None:
    await bot.group_with(ben="member")
    before = await bot.ask("ben", "/reminders")
    answer = await bot.ask("ben", said)
    assert expected in answer, answer
    assert await bot.ask("ben", "/reminders") == before


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("/erinnerungen gruppe bundesland=NRW", "NW (Nordrhein-Westfalen)"),
        ("/erinnerungen gruppe land=BaWü", "BW (Baden-Württemberg)"),
        ("/erinnerungen gruppe land=Bayern", "BY (Bayern)"),
        ("/erinnerungen gruppe bundesland=thüringen", "TH (Thüringen)"),
        ("/reminders group state=Bavaria", "BY (Bayern)"),
        ("/reminders group state=North Rhine-Westphalia", "NW (Nordrhein-Westfalen)"),
    ],
)
async def test_the_state_is_taken_by_its_short_form_or_name(
    bot: Bot, said: str, shown: str
) -> None:
    """ "bundesland=NRW" as people write it (before: "„NRW“ ist kein deutsches Bundesland")."""
    await bot.group_with()
    assert f"• Bundesland für Feiertage: {shown}" in await bot.ask("anna", said)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("/reminders group state=XY", "„XY“ ist kein deutsches Bundesland"),
        (
            "/reminders group state=Bayren",
            "„Bayren“ ist kein deutsches Bundesland. Meinten Sie Bayern (BY)?",
        ),
        ("/reminders meeting jeden Tag", "Terminregel „jeden Tag“"),
        ("/reminders meeting every tuesday", "Uhrzeit"),
        ("/reminders group channel=group", "Der Kanal ist eine persönliche Einstellung"),
    ],
)
async def test_bad_group_input_is_refused(bot: Bot, said: str, expected: str) -> None:
    await bot.group_with()
    before = await bot.ask("anna", "/reminders")
    answer = await bot.ask("anna", said)
    assert expected in answer, answer
    assert await bot.ask("anna", "/reminders") == before


async def test_digest_is_for_members_of_the_group(bot: Bot) -> None:
    await bot.group_with()
    assert "Übersicht für Musterstadt" in await bot.ask("anna", "/übersicht")
    assert "Das können nur Mitglieder" in await bot.ask("fremd", "/digest")


async def test_english_groups_read_their_settings_and_nudges_in_english(bot: Bot) -> None:
    from datetime import date

    from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to

    await bot.group_with(ben="member")
    await bot.ask("anna", "/lang en")
    answer = await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    assert answer.startswith("Meeting reminders: every second Tuesday of the month at 17:00.")
    assert "• Channel: direct chat" in await bot.ask("ben", "/reminders")
    await add_measure(bot, "Playground", due=date(2027, 2, 18), responsible="ben")
    sent = to(await run_at(bot, berlin(2027, 2, 4, 9, 0)), "dm:ben")
    assert sent == [
        "Reminder: measure 1 “Playground” is due on 18 Feb 2027, in 14 days.\n"
        "Update it with /status 1 <status> [note]."
    ]


async def test_a_change_is_answered_with_what_changed_and_the_group_hint_is_for_coordinators(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    assert await bot.ask("ben", "/erinnerungen pause=1.3.2027 ruhezeit=21:00-06:00") == (
        "Gespeichert.\nIhre Erinnerungen:\n• Ruhezeiten: 21:00–06:00\n"
        "• Pause: pausiert bis 01.03.2027\n/erinnerungen zeigt alle Einstellungen."
    )
    assert await bot.ask("anna", "/reminders group pause=1.2.2027") == (
        "Gespeichert.\nGruppe Musterstadt:\n• Pause: pausiert bis 01.02.2027\n"
        "/reminders zeigt alle Einstellungen."
    )
    shown = await bot.ask("ben", "/erinnerungen")
    assert "Ihre Einstellungen ändern: /erinnerungen vorlauf=" in shown
    assert "Koordination, für die Gruppe" not in shown
    assert "Koordination, für die Gruppe: /erinnerungen gruppe" in await bot.ask(
        "anna", "/erinnerungen"
    )


async def test_a_guest_reads_that_the_group_sends_them_no_reminders(bot: Bot) -> None:
    await bot.group_with(ben="member", otto="observer")
    note = (
        "Als Gast bekommen Sie aus Musterstadt keine Erinnerungen: Sie sind für keine "
        "Maßnahme verantwortlich und stimmen nicht ab."
    )
    shown = await bot.ask("otto", "/erinnerungen")
    assert shown.startswith(note + "\n\nIhre Erinnerungen:")
    assert note not in await bot.ask("ben", "/erinnerungen")


async def test_off_says_what_comes_closest_and_on_ends_a_pause(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("lea", "/erinnerungen pause=1.3.2027")
    assert await bot.ask("lea", "/erinnerungen aus") == (
        "Ganz ausschalten lassen sich Erinnerungen nicht: Wer für eine Maßnahme verantwortlich "
        "ist, erfährt spätestens am Tag der Frist davon. Weniger Erinnerungen: /erinnerungen "
        "vorlauf=aus (nur am Tag der Frist) und überfällig=aus (keine, solange eine Maßnahme "
        "überfällig ist). Eine Zeit lang keine: /erinnerungen pause=<Datum>."
    )
    # Nothing changed by it: the pause is still there.
    assert "• Pause: pausiert bis 01.03.2027" in await bot.ask("lea", "/erinnerungen")
    text = await bot.ask("lea", "/erinnerungen an")
    assert text.startswith("Gespeichert.") and "• Pause: nein" in text.split("Gruppe")[0]
    # The group's reminders: the coordinators' alone, so a member hears that first.
    assert (await bot.ask("ben", "/erinnerungen gruppe aus")).startswith(
        "Nur die Koordination darf die Erinnerungseinstellungen der Gruppe ändern"
    )
    assert await bot.ask("anna", "/reminders group off") == (
        "Die Erinnerungen der Gruppe lassen sich nicht ganz ausschalten. Eine Zeit lang keine: "
        "/erinnerungen gruppe pause=<Datum> (pause=aus beendet die Pause). Weniger: "
        "/erinnerungen gruppe vorlauf=aus überfällig=aus."
    )
    await bot.ask("anna", "/erinnerungen gruppe pause=5.2.2027")
    group_part = (await bot.ask("anna", "/erinnerungen gruppe an")).split("Gruppe Musterstadt:")[1]
    assert "• Pause: nein" in group_part
    # Other words are still not understood.
    assert (await bot.ask("ben", "/erinnerungen vielleicht")).startswith(
        "„vielleicht“ habe ich nicht verstanden."
    )


async def test_a_pause_that_has_ended_is_no_longer_shown(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("ben", "/erinnerungen pause=20.01.2027")
    await bot.ask("anna", "/erinnerungen gruppe pause=20.01.2027")
    bot.clock.set(berlin(2027, 1, 20, 18, 0))  # its last day: still paused
    shown = await bot.ask("ben", "/erinnerungen")
    assert shown.count("• Pause: pausiert bis 20.01.2027") == 2
    bot.clock.set(berlin(2027, 1, 21, 9, 0))  # nudges come again: the settings say so
    shown = await bot.ask("ben", "/erinnerungen")
    assert "pausiert" not in shown and shown.count("• Pause: nein") == 2


async def test_the_direct_chat_of_someone_in_two_towns_shows_each_towns_settings(
    bot: Bot,
) -> None:
    # Anna coordinates Musterstadt (quiet hours 20–7) and is a guest in Carl's Beispieldorf
    # (quiet hours 22–6), which her direct chat speaks for: both towns' blocks are shown, and
    # her own lines do not pass one town's setting off as hers everywhere.
    await bot.group_with()
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("carl", "/erinnerungen gruppe ruhezeit=22:00-06:00", chat="dorf")
    await bot.ask("anna", f"/join {await bot.invite('carl', 'observer', 'dorf')}", chat="dorf")
    await bot.ask("anna", "/erinnerungen ruhezeit=21:00-07:00", chat="dm")
    text = await bot.ask("anna", "/erinnerungen", chat="dm")
    own, dorf, muster = text.split("\n\n")[1:4]
    assert own == (
        "Ihre Erinnerungen (in allen Ihren Steuerungsgruppen):\n"
        "• Vor einer Frist: je nach Gruppe (unten)\n"
        "• Solange überfällig: je nach Gruppe (unten)\n"
        "• Kanal: direkter Chat\n"
        "• Ruhezeiten: 21:00–07:00\n"
        "• Wochenenden: je nach Gruppe (unten)\n"
        "• Pause: nein"
    )
    assert text.startswith(
        "[Beispieldorf]\nAls Gast bekommen Sie aus Beispieldorf keine Erinnerungen"
    )
    assert dorf.startswith("Gruppe Beispieldorf:\n") and "• Ruhezeiten: 22:00–06:00" in dorf
    assert muster.startswith("Gruppe Musterstadt:\n") and "• Ruhezeiten: 20:00–07:00" in muster
    # Group settings change where the chat speaks for: how to get to the town she coordinates.
    assert text.endswith(
        "Befehle in diesem Chat gelten gerade für Beispieldorf; /gruppe Musterstadt wechselt "
        "zu Musterstadt."
    )
    # In a group chat, and for someone in one town, the answer is as before.
    assert "• Ruhezeiten: 21:00–07:00\n• Wochenenden: keine Erinnerungen (Einstellung der " in (
        await bot.ask("anna", "/erinnerungen")
    )
    assert "Beispieldorf" not in await bot.ask("anna", "/erinnerungen")


async def test_a_youth_representative_reads_only_what_applies_to_her(bot: Bot) -> None:
    """Holidays, time zone and meeting reminders are the coordination's: a youth representative
    (or a guest) reads her own settings and one line saying who sets the rest."""
    await bot.group_with(ben="member", lea="youth", otto="observer")
    for who in ("lea", "otto"):
        shown = await bot.ask(who, "/erinnerungen", chat="dm")
        assert "Ruhezeiten:" in shown and "Pause:" in shown
        for group_only in ("Bundesland", "Zeitzone", "Sitzungserinnerungen", "Gruppe Musterstadt"):
            assert group_only not in shown, (who, group_only)
        assert "Alles Weitere legt die Koordination für die Gruppe fest." in shown
    member = await bot.ask("ben", "/erinnerungen", chat="dm")
    assert "Zeitzone" in member and "Alles Weitere" not in member
