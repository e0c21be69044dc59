"""/mydata: everything about the asker, as JSON and as text, in their direct chat; nothing about
anyone else. /privacy in plain language."""

from __future__ import annotations

import json

from sqlalchemy import select

from adapters.memory import Sent
from storage.models import Identity, Measure, Reminder
from tests.harness import Bot
from tests.privacy.everything import person_of, store_everything

OTHERS = ["anna", "bea"]  # user ids and (capitalised) display names of the other people


async def _scene(bot: Bot) -> None:
    await bot.group_with(quirinus="member", bea="member")
    await bot.ask("quirinus", "/sprache en", chat="dm")
    await bot.ask("quirinus", "/propose Playground by the river | with shade")
    await bot.ask("bea", "/propose Youth café")
    await bot.ask("anna", "/propose Bus stop")
    async with bot.app.sessions() as s, s.begin():
        quirinus = await s.scalar(select(Identity.person_id).where(Identity.user_id == "quirinus"))
        anna = await s.scalar(select(Identity.person_id).where(Identity.user_id == "anna"))
        # Quirinus is responsible for Bea's measure; Anna for Quirinus's.
        (await s.scalar(select(Measure).where(Measure.number == 2))).responsible_id = quirinus  # type: ignore[union-attr]
        (await s.scalar(select(Measure).where(Measure.number == 1))).responsible_id = anna  # type: ignore[union-attr]


def _files(sent: list[Sent], chat_id: str) -> dict[str, bytes]:
    return {f.name: f.data for s in sent if s.chat.chat_id == chat_id for f in s.reply.attachments}


async def test_mydata_contains_everything_about_me_and_nothing_about_others(bot: Bot) -> None:
    await _scene(bot)
    sent = await bot.say("quirinus", "/mydata", chat="dm")
    files = _files(sent, "dm:quirinus")
    assert set(files) == {"my-data.json", "my-data.txt"}
    document = json.loads(files["my-data.json"])
    data = document["data"]
    assert data["person"]["display_name"] == "Quirinus" and data["person"]["language"] == "en"
    assert data["identities"]["accounts"] == [
        {
            "platform": "memory",
            "user_id": "quirinus",
            "display_name": "Quirinus",
            "direct_chat": "dm:quirinus",
        }
    ]
    assert data["memberships"]["groups"][0]["group"] == "Musterstadt"
    assert data["memberships"]["groups"][0]["role"] == "member"
    assert [m["title"] for m in data["measures"]["proposed"]] == ["Playground by the river"]
    assert data["measures"]["proposed"][0]["description"] == "with shade"
    assert [m["title"] for m in data["measures"]["responsible_for"]] == ["Youth café"]
    assert [c["new"] for c in data["history"]["changes"]] == ["Playground by the river"]
    assert data["invites"]["used"][0]["code"] == "CODE0001"
    raw = (files["my-data.json"] + files["my-data.txt"]).decode().lower()
    for other in OTHERS:
        assert other not in raw, other
    assert "bus stop" not in raw  # someone else's proposal
    text = files["my-data.txt"].decode()
    assert (
        "Your accounts" in text
        and "user id: quirinus" in text
        and "Playground by the river" in text
    )


async def test_mydata_has_votes_reminders_and_youth_ideas_but_no_secret_ballot(bot: Bot) -> None:
    await _scene(bot)
    await store_everything(bot, "quirinus", "bea", 2)
    me = await person_of(bot, "quirinus")
    async with bot.app.sessions() as s:
        mine = list(await s.scalars(select(Reminder).where(Reminder.person_id == me)))
    sent = await bot.say("quirinus", "/mydata", chat="dm")
    files = _files(sent, "dm:quirinus")
    data = json.loads(files["my-data.json"])["data"]
    # Open rounds only (1 running, 3 closed); the secret ballot of round 2 is nobody's.
    ballots = data["ballots"]["open_rounds"]
    assert [(b["round"], b["round_closed"]) for b in ballots] == [(1, False), (3, True)]
    assert all(b["choices"] for b in ballots)
    assert [(p["round"], p["secret"]) for p in data["participations"]["voted_in"]] == [
        (1, False),
        (2, True),
        (3, False),
    ]
    reminders = data["reminders"]
    assert reminders["sent"] and reminders["pending"]
    assert len(reminders["sent"]) + len(reminders["pending"]) == len(mine)
    everything = reminders["sent"] + reminders["pending"]
    # Nudges for measure 2's due date and for its milestone (both planned for the responsible).
    assert {r["subject"] for r in everything} <= {"measure", "milestone"}
    assert all(r["number"] == 2 for r in everything if r["subject"] == "measure")
    assert any(r["subject"] == "measure" for r in everything)
    assert all("responsible" not in r["details"] for r in reminders["pending"])
    assert data["reminder_settings"]["settings"]["offsets"]
    assert data["reminder_settings"]["settings"]["overdue_days"] == 14
    assert "channel" not in data["reminder_settings"]["settings"]  # never set: not stored
    (idea,) = data["youth_ideas"]["proposed"]
    assert (idea["title"], idea["state"]) == ("Graffitiwand", "pending")
    assert data["youth_preference"] == {"anonymous": True}
    assert [c["used"] for c in data["link_codes"]["codes"]] == [False]
    assert [m["text"] for m in data["milestones"]["added"]] == ["Plan fertig"]
    raw = (files["my-data.json"] + files["my-data.txt"]).decode().lower()
    for other in OTHERS:
        assert other not in raw, other
    text = files["my-data.txt"].decode()
    for heading in (
        "Your votes in rounds that are not secret",
        "Rounds you voted in",
        "Your reminders",
        "Your reminder settings",
        "Your youth ideas",
        "Your link codes",
    ):
        assert heading in text, heading
    assert "Graffitiwand" in text and "choices: 1;" in text and "{" not in text
    # Codes named, measures by number: "measure: 2", not the database id of a milestone's measure.
    assert "kind: before the due date; about: measure; number: 2" in text
    assert "kind: before a milestone; about: milestone" in text and "measure: 2, " in text
    assert "milestone_before" not in text


async def test_the_export_names_ballots_by_measure_number_as_typed(bot: Bot) -> None:
    """Measures are stored by database id; the export names them by the number the voter saw
    (here the two differ: Beispieldorf's measures came first)."""
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    for title in ("Dorfplatz", "Brunnen", "Bank"):
        await bot.ask("carl", f"/propose {title}", chat="dorf")
    await bot.group_with(quirinus="member")
    for title in ("Spielplatz", "Jugendraum"):
        await bot.ask("anna", f"/propose {title}")
    await bot.ask("quirinus", "/vorschlag Radweg")
    await bot.ask("anna", "/runde rangfolge 1 2 3")
    await bot.ask("quirinus", "/abstimmen 1 3 1 2")
    await bot.ask("anna", "/runde beschluss 1")
    await bot.ask("quirinus", "/abstimmen 2 nein")
    sent = await bot.say("quirinus", "/meinedaten", chat="dm")
    files = _files(sent, "dm:quirinus")
    ballots = json.loads(files["meine-daten.json"])["data"]["ballots"]["open_rounds"]
    assert [b["choices"] for b in ballots] == [{"ranking": [3, 1, 2]}, {"value": "no"}]
    text = files["meine-daten.txt"].decode()
    assert "Auswahl: 3 > 1 > 2;" in text and "Auswahl: Nein;" in text
    assert "Maßnahme: 3; wann: 11.01.2027 10:00; Feld: angelegt; nachher: Radweg" in text


async def test_mydata_in_a_group_goes_to_the_direct_chat(bot: Bot) -> None:
    await _scene(bot)
    sent = await bot.say("quirinus", "/meinedaten")
    group = [s for s in sent if s.chat.chat_id == "group"]
    assert len(group) == 1 and not group[0].reply.attachments and not group[0].reply.mention
    assert "direct chat" in group[0].reply.text or "direkten Chat" in group[0].reply.text
    assert set(_files(sent, "dm:quirinus")) == {"my-data.json", "my-data.txt"}


async def test_mydata_in_german(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    sent = await bot.say("quirinus", "/meinedaten", chat="dm")
    files = _files(sent, "dm:quirinus")
    assert "Ihre Konten" in files["meine-daten.txt"].decode()
    assert "Benutzerkennung: quirinus" in files["meine-daten.txt"].decode()


async def test_mydata_of_a_stranger(bot: Bot) -> None:
    sent = await bot.say("nobody", "/mydata", chat="dm")
    assert not sent[0].reply.attachments and "nichts" in sent[0].reply.text


async def test_privacy_explains_in_plain_language(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    in_group = await bot.ask("quirinus", "/datenschutz")
    assert "/meinedaten" in in_group and "/vergessen" in in_group and "30 Tagen" in in_group
    assert "direkten Chat" in in_group and "Quirinus" not in in_group
    direct = await bot.ask("quirinus", "/privacy", chat="dm")
    assert "Name: Quirinus" in direct and "Ihre Steuerungsgruppen: 1" in direct
    assert "nichts über Sie" in await bot.ask("nobody", "/datenschutz", chat="dm")
    # No file name nobody in the chat can open: whom to ask, or the operator's link.
    assert "PRIVACY.md" not in in_group and "die Koordination sagt Ihnen" in in_group
    bot.app.services.settings.privacy_url = "https://www.musterstadt.de/datenschutz"
    linked = await bot.ask("quirinus", "/datenschutz")
    assert (
        "Datenschutzerklärung des Betreibers dieses Bots: https://www.musterstadt.de/datenschutz"
        in linked
    )


async def test_the_readable_file_names_codes_and_times_in_the_readers_language(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/vorschlag Skatepark", chat="dm")
    await bot.ask("anna", "/annehmen 1")
    await bot.ask("lea", "/vorschlag Bänke", chat="dm")
    sent = await bot.say("lea", "/meinedaten", chat="dm")
    text = _files(sent, "dm:lea")["meine-daten.txt"].decode()
    # Stored in UTC (09:00), shown in the group's time (10:00 in Berlin in winter).
    assert text.startswith(
        "Alles, was steerbot über dich speichert, Stand 11.01.2027 10:00 "
        "(Uhrzeiten in Ortszeit, Europe/Berlin)."
    )
    assert "Sprache: die Sprache der Gruppe" in text
    assert "Altersfrage beantwortet: 11.01.2027 10:00" in text
    assert "Rolle: Jugendvertretung; beigetreten: 11.01.2027 10:00" in text
    assert "Stand: aufgenommen" in text and "Stand: wartet auf eine Entscheidung" in text
    assert "Herkunft: Jugendidee; Status: vorgeschlagen" in text
    # No English codes, no ISO times, no empty fields.
    for code in (
        "youth",
        "accepted",
        "pending",
        "proposed",
        "T09:00",
        "UTC",
        "age_question",
        ": ;",
    ):
        assert code not in text, code


async def test_english_says_rounds_that_are_not_secret_not_open_rounds(bot: Bot) -> None:
    """ "Open rounds" reads as rounds still running; the German says "nicht geheime Runden"."""
    await bot.group_with(quirinus="member")
    await bot.ask("quirinus", "/lang en", chat="dm")
    for typed in ("/privacy", "/forget"):
        answer = await bot.ask("quirinus", typed, chat="dm")
        assert "votes in rounds that are not secret" in answer and "open rounds" not in answer


async def test_the_readable_file_speaks_of_the_frist_as_the_chat_does(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/vorschlag Bänke am Markt")
    await bot.ask("anna", "/zustaendig 1 ben")
    await bot.ask("anna", "/frist 1 25.01.2027")
    await bot.ask("anna", "/stand 1 beschlossen")
    await bot.ask("ben", "/erinnerungen vorlauf=7t,0t", chat="dm")
    sent = await bot.say("ben", "/meinedaten", chat="dm")
    text = _files(sent, "dm:ben")["meine-daten.txt"].decode()
    assert "Art: vor der Frist;" in text and "Art: am Tag der Frist;" in text
    assert "Tage vor der Frist: 7,0" in text
    assert "Termin" not in text


async def test_the_readable_file_names_every_detail_of_an_overdue_reminder(bot: Bot) -> None:
    """The overdue nudges are planned ahead; the last one before the longer interval is marked
    so in the file, in words, not as the program's key."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/vorschlag Bänke am Markt")
    await bot.ask("anna", "/zustaendig 1 ben")
    await bot.ask("anna", "/frist 1 morgen")
    sent = await bot.say("ben", "/meinedaten", chat="dm")
    text = _files(sent, "dm:ben")["meine-daten.txt"].decode()
    assert "Tage ab dem Datum: 28, Rolle: zuständige Person, letzte Erinnerung vor dem " in text
    assert "slows_down" not in text


async def test_privacy_counts_an_open_erasure_request_once_and_names_the_language(
    bot: Bot,
) -> None:
    """An open /forget is one request (not its two times), and the language is named, as
    /mydata names it, instead of a code or a dash."""
    await bot.group_with(quirinus="member", bea="member")
    await bot.ask("quirinus", "/vergessen", chat="dm")
    await bot.ask("quirinus", "/erinnerungen vorlauf=7t,0t", chat="dm")
    direct = await bot.ask("quirinus", "/datenschutz", chat="dm")
    assert "• Name: Quirinus; Sprache: die Sprache der Gruppe" in direct
    assert "• Offener Löschwunsch: 1" in direct
    assert "• Ihre Erinnerungseinstellungen: 1" in direct
    await bot.ask("bea", "/lang en", chat="dm")
    assert "• name: Bea; language: English" in await bot.ask("bea", "/privacy", chat="dm")


async def test_privacy_tells_a_hidden_minor_the_group_does_not_see_her_name(bot: Bot) -> None:
    """Under 16 and not /showname on: no line says the group sees her name."""
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    text = await bot.ask("lea", "/datenschutz", chat="dm")
    assert "sieht deine Vorschläge und deinen Namen" not in text
    assert (
        "sieht deine Vorschläge, aber nicht deinen Namen" in text and "„Jugendvertretung“" in text
    )
    assert "dein Name ist für die Gruppe sichtbar: nein" in text
    # In a group chat nothing about her age, and nothing untrue either.
    in_group = await bot.ask("lea", "/datenschutz")
    assert "deinen Namen" not in in_group and "unter 16 bist" not in in_group
    assert "sieht die Vorschläge und Namen ihrer Mitglieder" in in_group


async def test_privacy_tells_who_chose_anonymous_their_ideas_are_without_name(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:16plus", chat="dm")
    await bot.ask("lea", "/anonym an", chat="dm")
    text = await bot.ask("lea", "/datenschutz", chat="dm")
    assert (
        "bei deinen Ideen aber nur „Jugendvertretung“, wie du es mit /anonym gewählt hast" in text
    )


async def test_the_export_says_how_the_group_sees_a_hidden_minors_idea(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/idee Skatepark", chat="dm")
    sent = await bot.say("lea", "/meinedaten", chat="dm")
    files = _files(sent, "dm:lea")
    text = files["meine-daten.txt"].decode()
    assert "ohne Namen: nein" not in text
    assert (
        "Titel: Skatepark; die Gruppe sieht: „Jugendvertretung“ statt deines Namens, weil du "
        "unter 16 bist;" in text
    )
    (idea,) = json.loads(files["meine-daten.json"])["data"]["youth_ideas"]["proposed"]
    assert idea["shown_to_group"] == "pseudonym_under_16"


async def test_mydata_says_which_entry_of_the_role_history_is_a_join_or_leaving(bot: Bot) -> None:
    """A join is stored with no role before it and leaving with none after it: the export says
    what each entry is, instead of a join reading as a role changed to the one joined in."""
    await bot.group_with(ben="member")
    await bot.ask("ben", "/austreten ja")
    sent = await bot.say("ben", "/meinedaten", chat="dm")
    files = _files(sent, "dm:ben")
    entries = json.loads(files["meine-daten.json"])["data"]["group_history"]["your_role"]
    assert [(e["change"], e["role_before"], e["role_after"]) for e in entries] == [
        ("joined", "", "member"),
        ("left", "member", ""),
    ]
    assert (
        "Änderungen Ihrer Rolle:\n"
        "  - Gruppe: Musterstadt; wann: 11.01.2027 10:00; Änderung: beigetreten; Rolle "
        "nachher: Mitglied\n"
        "  - Gruppe: Musterstadt; wann: 11.01.2027 10:00; Änderung: ausgetreten; Rolle "
        "vorher: Mitglied\n"
    ) in files["meine-daten.txt"].decode()
