"""/forget and /remove … forget: afterwards the person's platform ids and name are nowhere in
the database, not in any table and not in the bytes of the SQLite file."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.adapter import DeliveryFailed
from bot.events import ChatRef, Reply, SentRef
from storage.models import (
    Ballot,
    ErasureRequest,
    Identity,
    Measure,
    MeasureEvent,
    Membership,
    Milestone,
    Participation,
    Person,
    Reminder,
    Round,
    YouthIdea,
)
from tests.harness import Bot
from tests.measures.test_linking import other_platform, say_on
from tests.privacy.everything import person_of, store_everything
from tests.privacy.scan import checkpoint, person_links, scan_file, scan_tables

NEEDLES = ["quirinus"]  # the user id "quirinus", display name "Quirinus", chat "dm:quirinus"


async def remove_and_forget(bot: Bot, name: str) -> str:
    """Anna removes and forgets ``name``: asked first, she confirms with the button."""
    (asked,) = await bot.say("anna", f"/entfernen {name} vergessen")
    assert "Das lässt sich nicht rückgängig machen" in asked.reply.text
    (button,) = asked.reply.choices
    return "\n\n".join(s.reply.text for s in await bot.press("anna", button.action))


def code_in(answer: str) -> str:
    found = re.search(r"/vergessen (\w+)", answer)
    assert found, answer
    return found.group(1)


async def _scene(bot: Bot) -> int:
    """Anna runs the group; Quirinus joins, writes to the bot directly, proposes a measure,
    is made responsible for Anna's measure and is named in its text and history; then he
    leaves something in every other table too (votes, reminders, youth idea, link code …).
    Returns his person id."""
    await bot.group_with(quirinus="member", bea="member")
    await bot.ask("quirinus", "/sprache de", chat="dm")
    assert "vorgeschlagen" in await bot.ask("quirinus", "/vorschlag Spielplatz am Fluss | Schattig")
    await bot.ask("anna", "/vorschlag Jugendcafé")
    async with bot.app.sessions() as s, s.begin():
        person = await s.scalar(select(Identity.person_id).where(Identity.user_id == "quirinus"))
        cafe = await s.scalar(select(Measure).where(Measure.number == 2))
        assert cafe is not None
        cafe.responsible_id = person
        cafe.contact = "Quirinus, Jugendamt"
        s.add(
            MeasureEvent(
                measure_id=cafe.id,
                actor_id=person,
                at=bot.clock.now(),
                field="note",
                new="Übergabe an Quirinus",
                note="mit Quirinus besprochen",
            )
        )
    await store_everything(bot, "quirinus", "bea", 2)
    return await person_of(bot, "quirinus")


async def _group_records_remain(bot: Bot, person_id: int) -> None:
    """What is nobody's personal data stays: the closed round's result, the other voter's
    ballot, the measures, the youth idea and the milestone, unlinked. The secret ballot in the
    round still open went with the person, as an open one would."""
    async with bot.app.sessions() as s:

        async def n(model: Any, *where: Any) -> int:
            return int(await s.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        secret = await s.scalar(select(Round.id).where(Round.secret.is_(True)))
        closed = await s.scalar(select(Round.id).where(Round.closed_at.is_not(None)))
        assert await n(Ballot, Ballot.round_id == secret) == 0
        assert await n(Ballot, Ballot.round_id == closed, Ballot.voter_id.is_(None)) == 1
        assert await n(Ballot, Ballot.voter_id.is_not(None)) == 1  # Bea's vote in round 1
        assert await n(Participation, Participation.person_id == person_id) == 0
        assert await n(Reminder, Reminder.person_id == person_id) == 0
        assert await n(Measure) == 2
        idea = await s.scalar(select(YouthIdea))
        assert idea is not None and idea.proposer_id is None
        assert (idea.title, idea.description) == ("Graffitiwand", "Idee von ehemaliges Mitglied")
        stone = await s.scalar(select(Milestone))
        assert stone is not None and stone.created_by is None and stone.text == "Plan fertig"
    assert await person_links(bot.app.engine, person_id) == []


async def _sqlite_path(bot: Bot) -> Path | None:
    url = bot.app.engine.url
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


async def test_forget_leaves_no_trace_in_tables_or_file(backend_bot: Bot) -> None:
    bot = backend_bot
    person_id = await _scene(bot)
    database = await _sqlite_path(bot)
    assert await person_links(bot.app.engine, person_id)
    # The scan finds the person before: it would notice a leftover.
    assert await scan_tables(bot.app.engine, NEEDLES)
    if database is not None:
        async with bot.app.engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA secure_delete")).scalar() == 1
        await checkpoint(bot.app.engine)
        assert scan_file(database, NEEDLES)

    answer = await bot.ask("quirinus", "/vergessen", chat="dm")
    assert "wirklich vergessen" in answer and "ehemaliges Mitglied" in answer
    sent = await bot.say("quirinus", f"/vergessen {code_in(answer)}", chat="dm")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert "Ich habe Sie vergessen" in texts["dm:quirinus"]
    # The coordinators hear which measure lost its responsible person; no name is given.
    assert "2. Jugendcafé" in texts["group"] and "Quirinus" not in texts["group"]

    assert await scan_tables(bot.app.engine, NEEDLES) == []
    if database is not None:
        await checkpoint(bot.app.engine)
        assert scan_file(database, NEEDLES) == []
        await checkpoint(bot.app.engine, vacuum=True)
        assert scan_file(database, NEEDLES) == []

    # The group's record stays, shown as a former member.
    shown = await bot.ask("anna", "/zeige 1")
    assert "Spielplatz am Fluss" in shown and "ehemaliges Mitglied" in shown
    members = await bot.ask("anna", "/mitglieder")
    assert "Bea" in members and "Quirinus" not in members
    await _group_records_remain(bot, person_id)
    # The closed round's result did not change: its ballot stayed, unlinked.
    result = await bot.ask("anna", "/ergebnis 3")
    assert "Jugendcafé — 1 Zustimmung" in result and "1 von 3" in result
    async with bot.app.sessions() as s:
        events = list(await s.scalars(select(MeasureEvent).where(MeasureEvent.field == "note")))
        assert events[0].new == "Übergabe an ehemaliges Mitglied" and events[0].actor_id is None
        assert (
            await s.scalar(select(Measure.contact).where(Measure.number == 2))
        ) == "ehemaliges Mitglied, Jugendamt"


async def test_forget_needs_the_right_code_in_time(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    assert "nichts zu bestätigen" in await bot.ask("quirinus", "/vergessen ABC", chat="dm")
    code = code_in(await bot.ask("quirinus", "/vergessen", chat="dm"))
    wrong = await bot.ask("quirinus", "/vergessen WRONG123", chat="dm")
    assert "stimmt nicht" in wrong and "nichts gelöscht" in wrong
    bot.clock.advance(timedelta(minutes=31))
    assert "abgelaufen" in await bot.ask("quirinus", f"/vergessen {code}", chat="dm")
    async with bot.app.sessions() as s:
        assert (
            await s.scalar(
                select(func.count()).select_from(Identity).where(Identity.user_id == "quirinus")
            )
            == 1
        )
    # Someone else cannot use Quirinus's code.
    code = code_in(await bot.ask("quirinus", "/vergessen", chat="dm"))
    assert "nichts zu bestätigen" in await bot.ask("anna", f"/vergessen {code}", chat="dm")
    assert "Mitglied: Quirinus" in await bot.ask("anna", "/mitglieder")


async def test_forget_with_nothing_that_can_be_a_code_is_quoted_and_asks_nothing(
    bot: Bot,
) -> None:
    await bot.group_with(quirinus="member", lea="youth")
    sent = await bot.say("quirinus", "/vergessen 👨‍👩‍👧", chat="dm")
    assert [(s.reply.text, s.reply.choices) for s in sent] == [
        (
            "„👨‍👩‍👧“ ist kein Bestätigungscode: Ein Code besteht aus Buchstaben und Ziffern "
            "(etwa K7X2ABCD). Gelöscht wurde nichts. Bitte prüfen Sie, was Sie eingegeben "
            "haben; /vergessen allein gibt Ihnen einen neuen Code.",
            (),
        )
    ]
    assert "Bitte prüf, was du eingegeben hast" in await bot.ask("lea", "/forget 🎉", chat="dm")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(ErasureRequest)) == 0
    assert "Mitglied: Quirinus" in await bot.ask("anna", "/mitglieder")


async def test_the_code_copied_with_the_sentences_full_stop_confirms(bot: Bot) -> None:
    """ "… type /forget CODE0001." copied up to the full stop, in lower case, or quoted."""
    await bot.group_with(quirinus="member", ben="member")
    prompt = await bot.ask("quirinus", "/vergessen", chat="dm")
    copied = prompt.split("/vergessen ")[1].split()[0]
    assert copied.endswith(".")
    assert "Ich habe Sie vergessen" in await bot.ask("quirinus", f"/vergessen {copied}", chat="dm")
    prompt = await bot.ask("ben", "/vergessen", chat="dm")
    quoted = "„" + code_in(prompt).lower() + "“"
    assert "Ich habe Sie vergessen" in await bot.ask("ben", f"/vergessen {quoted}", chat="dm")


async def test_forget_by_button(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    sent = await bot.say("quirinus", "/vergessen", chat="dm")
    (choice,) = sent[0].reply.choices
    assert choice.label == "Ja, alles löschen"
    done = await bot.press("quirinus", choice.action, chat="dm")
    assert "Ich habe Sie vergessen" in done[0].reply.text
    assert "Quirinus" not in await bot.ask("anna", "/mitglieder")
    # A stale button of someone who is already forgotten does nothing harmful.
    again = await bot.press("quirinus", choice.action, chat="dm")
    assert "nichts zu löschen" in again[0].reply.text


async def test_forget_asked_in_a_group_chat_is_asked_in_the_direct_chat(bot: Bot) -> None:
    """/vergessen in the youth chat or the group chat: the question, its code and its button
    come in the direct chat (before: in the chat, for everyone there to read and press)."""
    await bot.group_with(lea="youth", quirinus="member")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("anna", "/bind youth", chat="jugend")
    sent = await bot.say("lea", "/vergessen", chat="jugend")
    assert [(s.chat.chat_id, s.reply.choices != ()) for s in sent] == [
        ("dm:lea", True),
        ("jugend", False),
    ]
    assert sent[0].reply.text.startswith("Soll ich dich wirklich vergessen?")
    assert sent[1].reply.text == (
        "Ich frage dich in unserem direkten Chat. Kommt nichts an, schreib mir dort /vergessen."
    )
    done = await bot.press("lea", sent[0].reply.choices[0].action, chat="dm")
    assert "Ich habe dich vergessen" in done[0].reply.text
    await bot.ask("quirinus", "/lang en", chat="dm")
    sent = await bot.say("quirinus", "/vergessen")
    assert [s.chat.chat_id for s in sent] == ["dm:quirinus", "group"]
    assert sent[0].reply.text.startswith("Do you really want me to forget you?")  # his language
    assert sent[1].reply.text.startswith("Ich frage Sie in unserem direkten Chat.")
    assert "Mitglied: Quirinus" in await bot.ask("anna", "/mitglieder")


async def test_forget_when_nothing_is_stored(bot: Bot) -> None:
    assert "nichts zu löschen" in await bot.ask("stranger", "/vergessen", chat="dm")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Person)) == 0


async def test_coordinator_removes_and_forgets_someone_who_left(backend_bot: Bot) -> None:
    bot = backend_bot
    person_id = await _scene(bot)
    (asked,) = await bot.say("anna", "/entfernen Quirinus vergessen")
    assert asked.reply.text.startswith(
        "Quirinus aus der Gruppe entfernen und alles über die Person löschen? Das lässt sich "
        "nicht rückgängig machen"
    )
    (button,) = asked.reply.choices
    assert button.label == "Quirinus entfernen und vergessen"
    assert await scan_tables(bot.app.engine, NEEDLES) != []  # asked: nothing erased yet
    assert "Quirinus" in await bot.ask("anna", "/mitglieder")
    # Only a coordinator's press counts.
    assert "gilt nicht mehr" in (await bot.press("quirinus", button.action))[0].reply.text
    answer = (await bot.press("anna", button.action))[0].reply.text
    assert "nicht mehr in der Gruppe" in answer and "ehemaliges Mitglied" in answer
    assert "gilt nicht mehr" in (await bot.press("anna", button.action))[0].reply.text
    assert await scan_tables(bot.app.engine, NEEDLES) == []
    await _group_records_remain(bot, person_id)
    database = await _sqlite_path(bot)
    if database is not None:
        await checkpoint(bot.app.engine)
        assert scan_file(database, NEEDLES) == []
        await checkpoint(bot.app.engine, vacuum=True)
        assert scan_file(database, NEEDLES) == []
    assert "ehemaliges Mitglied" in await bot.ask("anna", "/zeige 1")
    # The history names who changed something as a former member, not with a bare dash.
    history = await bot.ask("anna", "/verlauf 1")
    assert " · ehemaliges Mitglied · " in history and " · — · " not in history
    assert await bot.ask("anna", "/historie 1") == history  # the other word people use


async def test_plain_remove_keeps_the_person(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    await bot.ask("quirinus", "/vorschlag Bank am Teich")
    sent = await bot.say("anna", "/remove quirinus")
    assert [(s.chat.chat_id, s.reply.text) for s in sent] == [
        ("group", "Quirinus ist nicht mehr in der Gruppe."),
        (
            "dm:quirinus",
            "Die Koordination von Musterstadt hat Sie aus der Steuerungsgruppe genommen. Ihre "
            "Vorschläge bleiben. Um zurückzukommen, fragen Sie eine Koordination nach einem "
            "Einladungscode.",
        ),
    ]
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 1
        assert (
            await s.scalar(
                select(func.count()).select_from(Identity).where(Identity.user_id == "quirinus")
            )
            == 1
        )
    # Their proposal still names them: they left, they were not forgotten.
    assert "Quirinus" in await bot.ask("anna", "/zeige 1")
    # No longer a member: cannot propose any more.
    assert "nur Mitglieder" in await bot.ask("quirinus", "/vorschlag Noch was")


async def test_a_removed_member_s_responsibilities_show_in_the_history(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    await bot.ask("anna", "/vorschlag Bank am Teich")
    await bot.ask("anna", "/zuweisen 1 quirinus")
    await bot.ask("anna", "/entfernen quirinus")
    assert "Verantwortlich" not in await bot.ask("anna", "/zeige 1")
    assert (await bot.ask("anna", "/verlauf 1")).endswith(
        "· Anna · verantwortlich: Quirinus → — (von der Koordination aus der Gruppe entfernt)"
    )
    assert "/austreten" in await bot.ask("anna", "/entfernen Anna")
    assert "/rolle <Name> koordination" in await bot.ask("anna", "/austreten ja")


async def test_a_forgotten_member_s_responsibilities_show_in_the_history(bot: Bot) -> None:
    """The name is gone, but that the measure lost its responsible person, and why, is not."""
    await bot.group_with(quirinus="member", bea="member")
    await bot.ask("anna", "/vorschlag Bank am Teich")
    await bot.ask("anna", "/vorschlag Brunnen")
    await bot.ask("anna", "/zuweisen 1 quirinus")
    await bot.ask("anna", "/zuweisen 2 bea")
    code = code_in(await bot.ask("quirinus", "/vergessen", chat="dm"))
    await bot.ask("quirinus", f"/vergessen {code}", chat="dm")
    history = await bot.ask("anna", "/verlauf 1")
    assert history.endswith(
        "· ehemaliges Mitglied · verantwortlich: ehemaliges Mitglied → — "
        "(auf eigenen Wunsch gelöscht)"
    )
    assert "Quirinus" not in history
    await remove_and_forget(bot, "bea")
    assert (await bot.ask("anna", "/verlauf 2")).endswith(
        "· Anna · verantwortlich: ehemaliges Mitglied → — "
        "(von der Koordination aus der Gruppe entfernt)"
    )


async def test_remove_refusals(bot: Bot) -> None:
    await bot.group_with(quirinus="member", bea="member")
    assert "kein Mitglied „Zacharias“" in await bot.ask("anna", "/entfernen Zacharias")
    # A beginning is enough to assign a measure, not to remove (or erase) someone.
    for typed in ("/entfernen q", "/entfernen Quiri vergessen"):
        assert (await bot.ask("anna", typed)).startswith(
            f"„{typed.split()[1]}“ ist nur der Anfang eines Namens. Um jemanden zu entfernen, "
            "schreiben Sie den ganzen Namen"
        )
    refused = await bot.ask("bea", "/entfernen Quirinus vergessen")
    assert "/entfernen dürfen nur" in refused and "Mitglied" in refused
    assert "/austreten" in await bot.ask("anna", "/entfernen Anna")
    assert "fehlt" in await bot.ask("anna", "/entfernen")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 3


async def test_remove_forget_of_someone_in_another_group_only_removes(bot: Bot) -> None:
    await bot.group_with(quirinus="member")
    await bot.ask("otto", "/setup Nachbarstadt", chat="other")
    code = await bot.invite("otto", "member", "other")
    await bot.ask("quirinus", f"/join {code}", chat="other")
    answer = await bot.ask("anna", "/entfernen Quirinus vergessen")
    assert "auch in einer anderen Steuerungsgruppe" in answer
    assert "Quirinus" in await bot.ask("otto", "/mitglieder", chat="other")
    async with bot.app.engine.connect() as conn:
        assert (
            await conn.execute(text("SELECT count(*) FROM identities WHERE user_id='quirinus'"))
        ).scalar() == 1


async def test_rejecting_the_idea_of_someone_forgotten_promises_no_message(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/idee Skatepark", chat="dm")
    sent = await bot.say("lea", "/vergessen", chat="dm")
    await bot.press("lea", sent[0].reply.choices[0].action, chat="dm")
    sent = await bot.say("anna", "/ablehnen 1 zu teuer")
    assert [s.reply.text for s in sent] == [
        "Jugendidee 1 „Skatepark“ wird nicht aufgenommen. Wer sie vorgeschlagen hat, hat die "
        "eigenen Daten löschen lassen; ich kann also niemandem Bescheid sagen."
    ]


async def test_the_only_coordinator_forgotten_hands_the_group_to_the_longest_member(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member", cara="member", lea="youth")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/zuweisen 1 anna")
    asked = await bot.ask("anna", "/vergessen", chat="dm")
    assert asked.startswith(
        "Sie sind die einzige Koordination von Musterstadt. Machen Sie zuerst jemand anderen zur "
        "Koordination (/rolle <Name> koordination); sonst übernimmt das Mitglied, das am längsten "
        "in der Gruppe ist.\nSoll ich Sie wirklich vergessen?"
    )
    sent = await bot.say("anna", f"/vergessen {code_in(asked)}", chat="dm")
    group = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    assert (
        "Die einzige Koordination von Musterstadt ist ausgetreten und wurde vergessen. Ben, am "
        "längsten Mitglied hier, koordiniert jetzt; /rolle <Name> koordination gibt das weiter."
    ) in group
    (told,) = [s.reply.text for s in sent if s.chat.chat_id == "dm:ben"]
    assert told.startswith("Die einzige Koordination von Musterstadt ist ausgetreten")
    # Ben can do what only a coordinator may, and the group is not stuck.
    assert "Einladungscode" in await bot.ask("ben", "/einladen mitglied")
    assert "Koordination: Ben" in await bot.ask("cara", "/mitglieder")
    # The group's history has the step, as the forgotten coordinator's.
    history = await bot.ask("cara", "/verlauf")
    assert history.endswith("· ehemaliges Mitglied · Rolle von Ben: Mitglied → Koordination")
    # A member who is not the only coordinator is asked without the warning.
    assert (await bot.ask("cara", "/vergessen", chat="dm")).startswith("Soll ich Sie wirklich")


async def test_someone_removed_and_forgotten_hears_it_in_their_direct_chat(
    backend_bot: Bot,
) -> None:
    """The message is addressed while their accounts still exist and goes out once the
    erasure is committed: in their direct chat, in "du" for a youth representative."""
    bot = backend_bot
    await bot.group_with(quirinus="member", lea="youth")
    await bot.ask("quirinus", "/start", chat="dm")
    for user, told in (
        (
            "quirinus",
            "Die Koordination von Musterstadt hat Sie aus der Steuerungsgruppe genommen und "
            "alles gelöscht, was ich über Sie gespeichert hatte: Ihre Konten, Ihren Namen, Ihre "
            "Einstellungen und Erinnerungen. Ihre Vorschläge bleiben für die Gruppe und "
            "erscheinen als „ehemaliges Mitglied“. Um zurückzukommen, bitten Sie die "
            "Koordination um einen Einladungscode; ich behandle Sie dann wie jemand Neues.",
        ),
        ("lea", "Die Koordination von Musterstadt hat dich aus der Steuerungsgruppe genommen"),
    ):
        (asked,) = await bot.say("anna", f"/entfernen {user} vergessen")
        sent = await bot.press("anna", asked.reply.choices[0].action)
        assert [s.chat.chat_id for s in sent][:2] == ["group", f"dm:{user}"]
        assert sent[1].reply.text.startswith(told)
    assert await scan_tables(bot.app.engine, NEEDLES) == []


async def test_a_removal_message_goes_to_another_account_when_one_direct_chat_fails(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone on two platforms whose first direct chat fails hears it on the other; a
    message that reaches no account leaves the erasure done."""
    await bot.group_with(quirinus="member")
    matrix = await other_platform(bot)
    await bot.ask("quirinus", "/link", chat="dm")
    await say_on(matrix, "@quirinus:example.org", "/link CODE0002")
    adapter_send = bot.adapter.send

    async def send(chat: ChatRef, reply: Reply) -> SentRef:
        if chat.chat_id == "dm:quirinus":
            raise DeliveryFailed("blocked", permanent=True)
        return await adapter_send(chat, reply)

    monkeypatch.setattr(bot.adapter, "send", send)
    (asked,) = await bot.say("anna", "/entfernen Quirinus vergessen")
    matrix.pop()
    sent = await bot.press("anna", asked.reply.choices[0].action)
    assert [s.chat.chat_id for s in sent] == ["group"]
    assert "habe alles über diese Person gelöscht" in sent[0].reply.text
    (told,) = matrix.pop()
    assert told.chat.chat_id == "dm:@quirinus:example.org"
    assert told.reply.text.startswith("Die Koordination von Musterstadt hat Sie aus der")
    assert await scan_tables(bot.app.engine, NEEDLES) == []
    assert "Quirinus" not in await bot.ask("anna", "/mitglieder")


async def test_the_plan_export_shows_a_forgotten_proposer_as_a_former_member(
    bot: Bot, tmp_path: Path
) -> None:
    """/show says who proposed a measure whose proposer was since forgotten: "ehemaliges
    Mitglied". The plan's files say the same, in their language; a measure from an imported
    file still names nobody."""
    from tests.documents.test_import_roundtrip_fixes import csv_file, import_file
    from tests.measures.docs import csv_rows, xlsx_rows

    await bot.group_with(quirinus="member")
    await bot.ask("quirinus", "/vorschlag Spielplatz am Fluss")
    await bot.ask("anna", "/status 1 beschlossen")
    await import_file(bot, csv_file(tmp_path, "Titel;Status\nBänke;beschlossen\n"))
    code = code_in(await bot.ask("quirinus", "/vergessen", chat="dm"))
    assert "Ich habe Sie vergessen" in await bot.ask("quirinus", f"/vergessen {code}", chat="dm")
    assert "Vorgeschlagen von: ehemaliges Mitglied" in await bot.ask("anna", "/zeige 1")

    async def proposers(fmt: str) -> list[object]:
        (sent,) = await bot.say("anna", f"/plan export {fmt}")
        data = sent.reply.attachments[0].data
        rows = csv_rows(data) if fmt == "csv" else xlsx_rows(data)
        column = rows[0].index("Proposed by" if "Proposed by" in rows[0] else "Vorgeschlagen von")
        return [row[column] for row in rows[1:]]

    assert await proposers("csv") == ["ehemaliges Mitglied", ""]
    assert await proposers("xlsx") == ["ehemaliges Mitglied", None]
    (sent,) = await bot.say("anna", "/plan export md")
    markdown = sent.reply.attachments[0].data.decode()
    assert "- **Vorgeschlagen von:** ehemaliges Mitglied\n" in markdown
    assert markdown.count("Vorgeschlagen von") == 1
    await bot.ask("anna", "/lang en")
    assert await proposers("csv") == ["former member", ""]


async def test_the_report_export_names_a_forgotten_author_as_a_former_member(
    bot: Bot, tmp_path: Path
) -> None:
    """/verlauf names who changed a measure and has since been forgotten "ehemaliges
    Mitglied"; the report's file says the same in its "Von" column (an import from the
    command line stays without anyone)."""
    from tests.documents.test_import_roundtrip_fixes import csv_file, import_file
    from tests.measures.docs import csv_rows

    await bot.group_with(quirinus="member")
    await bot.ask("quirinus", "/vorschlag Spielplatz am Fluss")
    await import_file(bot, csv_file(tmp_path, "Titel\nBänke\n"))
    code = code_in(await bot.ask("quirinus", "/vergessen", chat="dm"))
    assert "Ich habe Sie vergessen" in await bot.ask("quirinus", f"/vergessen {code}", chat="dm")
    assert " · ehemaliges Mitglied · angelegt" in await bot.ask("anna", "/verlauf 1")

    async def authors() -> list[tuple[str, str]]:
        (sent,) = await bot.say("anna", "/bericht export csv")
        rows = csv_rows(sent.reply.attachments[0].data)
        by = rows[0].index("By" if "By" in rows[0] else "Von")
        return [(row[1], row[by]) for row in rows[1:]]

    assert await authors() == [("Spielplatz am Fluss", "ehemaliges Mitglied"), ("Bänke", "")]
    await bot.ask("anna", "/lang en")
    assert await authors() == [("Spielplatz am Fluss", "former member"), ("Bänke", "")]


async def test_the_group_s_history_says_someone_left_and_was_forgotten_without_the_name(
    backend_bot: Bot,
) -> None:
    """/history alone showed a forgotten member's joining and then nothing, as if they were
    still there: now it says they left and their data was deleted, in their role, by whom if
    a coordinator removed them, and never who."""
    bot = backend_bot
    await bot.group_with(quirinus="member", xaverine="youth", bea="member")
    asked = await bot.ask("quirinus", "/vergessen", chat="dm")
    await bot.ask("quirinus", f"/vergessen {code_in(asked)}", chat="dm")
    await remove_and_forget(bot, "Xaverine")
    assert await bot.ask("bea", "/verlauf") == (
        "Verlauf von Musterstadt:\n"
        "11.01.2027 10:00 · ehemaliges Mitglied · beigetreten (Mitglied)\n"
        "11.01.2027 10:00 · ehemaliges Mitglied · beigetreten (Jugendvertretung)\n"
        "11.01.2027 10:00 · Bea · beigetreten (Mitglied)\n"
        "11.01.2027 10:00 · ehemaliges Mitglied · hat die Gruppe verlassen, Daten gelöscht "
        "(war Mitglied)\n"
        "11.01.2027 10:00 · Anna · hat ein Mitglied (Jugendvertretung) aus der Gruppe "
        "genommen, Daten gelöscht"
    )
    assert await scan_tables(bot.app.engine, ["quirinus", "xaverine"]) == []
