"""/role: a coordinator changes someone's role without removing them; the group always keeps a
coordinator, and the person hears of it in their direct chat."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.harness import Bot
from tests.privacy.scan import scan_tables
from tests.unit.scheduling.helpers import berlin, run_at, to


async def test_handing_over_the_coordination(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    assert await bot.ask("ben", "/round approval 1 1") == (
        "/round dürfen nur: Koordination. Ihre Rolle: Mitglied."
    )
    assert await bot.ask("anna", "/rolle anna mitglied") == (
        "Sie sind die einzige Koordination von Musterstadt. Machen Sie zuerst jemand anderen "
        "zur Koordination (/rolle <Name> koordination)."
    )
    sent = await bot.say("anna", "/rolle Ben koordination")
    assert [(s.chat.chat_id, s.reply.text) for s in sent] == [
        ("group", "Ben ist jetzt Koordination (vorher: Mitglied)."),
        (
            "dm:ben",
            "In der Steuerungsgruppe Musterstadt sind Sie jetzt Koordination. /hilfe zeigt, was "
            "Sie tun können.\nAb jetzt bekommen Sie montags die Wochenübersicht und die Hinweise "
            "auf überfällige Maßnahmen; was gerade ansteht, zeigt /uebersicht.",
        ),
    ]
    assert "Koordination: Anna, Ben" in await bot.ask("ben", "/members")
    assert "/rolle" in await bot.ask("ben", "/hilfe")
    # Now Anna may step back; Ben stays responsible for measure 1.
    assert await bot.ask("anna", "/role anna member") == (
        "Anna ist jetzt Mitglied (vorher: Koordination)."
    )
    assert await bot.ask("anna", "/role ben member") == (
        "/role dürfen nur: Koordination. Ihre Rolle: Mitglied."
    )
    assert "Verantwortlich: Ben" in await bot.ask("ben", "/show 1")
    assert await bot.ask("ben", "/role ben member") == (
        "Sie sind die einzige Koordination von Musterstadt. Machen Sie zuerst jemand anderen "
        "zur Koordination (/rolle <Name> koordination)."
    )
    assert await bot.ask("ben", "/role anna mitglied") == "Anna ist schon Mitglied."


async def test_a_new_coordinator_gets_the_digest(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("ben", "/hilfe", chat="dm")
    await bot.ask("anna", "/rolle ben koordination")
    await bot.ask("ben", "/vorschlag Spielplatz")  # something to report: a new proposal
    # Monday 18.01.2027 8:00 (the start clock is Monday 11.01. 10:00): the weekly digest.
    bot.adapter.pop()
    bot.clock.advance(timedelta(days=6, hours=22))
    await bot.app.reminders.tick()
    digests = [s.chat.chat_id for s in bot.adapter.pop() if "Übersicht für" in s.reply.text]
    assert sorted(digests) == ["dm:anna", "dm:ben"]
    # Anna steps back: the next Monday's digest is Ben's alone.
    await bot.ask("anna", "/rolle anna mitglied")
    await bot.ask("ben", "/frist 1 in 10 Tagen")  # still something to report
    bot.adapter.pop()
    bot.clock.advance(timedelta(days=7))
    await bot.app.reminders.tick()
    digests = [s.chat.chat_id for s in bot.adapter.pop() if "Übersicht für" in s.reply.text]
    assert digests == ["dm:ben"]


async def test_becoming_a_youth_representative_asks_the_age_band_in_du(bot: Bot) -> None:
    await bot.group_with(ben="member")
    sent = await bot.say("anna", "/rolle ben jugend")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    # Until he answers he counts as under 16: the group chat does not read his name (as a
    # youth representative who joins there is welcomed without it).
    assert texts["group"] == (
        "Erledigt: jetzt Jugendvertretung (vorher: Mitglied). Den Namen wiederhole ich hier "
        "nicht.\nNach dem Alter frage ich die Person im direkten Chat."
    )
    assert [s.reply.text.split("?")[0] for s in sent if s.chat.chat_id == "dm:ben"] == [
        "In der Steuerungsgruppe Musterstadt bist du jetzt Jugendvertretung. /hilfe zeigt, was "
        "du tun kannst.",
        "Eine Frage, damit ich deine Daten schützen kann: Bist du unter 16",
    ]
    # Ben's proposals now go to the queue as a youth representative's ideas.
    assert "Warteschlange" in await bot.ask("ben", "/propose Skatepark", chat="dm")


async def test_bad_role_commands_get_a_reason(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert (await bot.ask("anna", "/rolle ben")).startswith("Es fehlt noch: Rolle.")
    assert (await bot.ask("anna", "/rolle jugend")).startswith("Es fehlt noch: Mitglied.")
    assert (await bot.ask("anna", "/rolle")).startswith("Es fehlt noch: Mitglied und Rolle.")
    assert (await bot.ask("anna", "/rolle ben chef")).startswith(
        "Die Rolle „chef“ kenne ich nicht. Möglich: koordination, mitglied, jugend, gast."
    )
    assert await bot.ask("anna", "/rolle niemand mitglied") == (
        "Ich finde kein Mitglied „niemand“ in dieser Gruppe. /mitglieder zeigt alle."
    )
    assert "ist schon" in await bot.ask("anna", "/rolle ben mitglied")


async def test_members_are_found_by_the_start_of_their_name_as_for_assign(bot: Bot) -> None:
    await bot.group_with(ben="member", benno="member", lea="youth")
    # Telegram names are often "first last"; the first name (any unique start) is enough.
    assert (await bot.ask("anna", "/rolle benn gast")).startswith(
        "Benno ist jetzt Gast (vorher: Mitglied)."
    )
    assert await bot.ask("anna", "/rolle be gast") == (
        "„be“ passt auf mehrere Mitglieder: Ben, Benno. Bitte geben Sie mehr vom Namen ein."
    )
    # A full name wins over the start of a longer one: "ben" is Ben, not Benno.
    assert (await bot.ask("anna", "/rolle ben gast")).startswith(
        "Ben ist jetzt Gast (vorher: Mitglied)."
    )
    # Lea counts as under 16 until she answers: her name is hidden, so only all of it finds her.
    assert "kein Mitglied „le“" in await bot.ask("anna", "/minor le an")
    assert "unter 16 markiert" in await bot.ask("anna", "/minor lea an")
    assert await bot.ask("anna", "/minor x an") == (
        "Ich finde kein Mitglied „x“ in dieser Gruppe. /mitglieder zeigt alle."
    )


async def test_minors_a_start_of_a_name_fits_are_not_listed_as_the_pseudonym(bot: Bot) -> None:
    """ "Le" fitting Lea and Leonie, both under 16: not "Jugendvertretung, Jugendvertretung";
    a coordinator's direct chat names them marked (as its /members does), other chats count
    them (as /members there does)."""
    bot.names.update(lea2="Lea", leonie="Leonie")
    await bot.group_with(lea="youth", leonie="youth", max="member")
    await bot.ask("anna", "/propose Bänke")
    for user in ("lea", "leonie"):
        await bot.press(user, "age:under16", chat="dm")
    fits = "„Le“ passt auf mehrere Mitglieder: Lea (unter 16), Leonie (unter 16). Bitte geben "
    assert await bot.ask("anna", "/zuweisen 1 Le", chat="dm") == fits + "Sie mehr vom Namen ein."
    assert (await bot.ask("anna", "/rolle Le gast", chat="dm")).startswith(fits)
    # Two of the same name: the group chat finds them by all of it, which more of the name
    # cannot tell apart: their user id does (before: "2 under 16 …, please type more").
    code = await bot.invite("anna", "youth")
    await bot.ask("lea2", f"/beitreten {code}", chat="dm")
    await bot.press("lea2", "age:under16", chat="dm")
    called = (
        "Mehrere Mitglieder heißen „{}“. Bitte geben Sie stattdessen die Benutzerkennung an; "
        "/mitglieder im direkten Chat mit mir zeigt sie neben jedem Namen."
    )
    assert await bot.ask("max", "/zuweisen 1 Lea") == called.format("Lea")
    # So too a name typed with its umlaut spelled out, which /rolle finds by all of it.
    bot.names.update(jurgen="Jürgen", jurgen2="Jürgen")
    for user in ("jurgen", "jurgen2"):
        await bot.ask(user, f"/beitreten {await bot.invite('anna', 'youth')}", chat="dm")
        await bot.press(user, "age:under16", chat="dm")
    assert await bot.ask("anna", "/rolle Juergen gast") == called.format("Juergen")


async def test_a_minor_given_another_role_is_not_named_by_the_pseudonym(bot: Bot) -> None:
    """A youth representative under 16 (name hidden) made a member: the group chat does not
    read "Jugendvertretung ist jetzt Mitglied (vorher: Jugendvertretung)", and she is still
    spoken to as "du"."""
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    sent = await bot.say("anna", "/rolle lea mitglied")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert texts["group"] == (
        "Erledigt: jetzt Mitglied (vorher: Jugendvertretung). Den Namen wiederhole ich hier nicht."
    )
    assert texts["dm:lea"] == (
        "In der Steuerungsgruppe Musterstadt bist du jetzt Mitglied. /hilfe zeigt, was du tun "
        "kannst."
    )
    assert "Mitglied: 1 unter 16 (Name nicht angezeigt)" in await bot.ask("anna", "/mitglieder")


async def test_a_member_made_a_guest_is_no_longer_responsible(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/propose Bänke")
    await bot.ask("anna", "/zuweisen 1 ben")
    await bot.ask("anna", "/frist 1 in 3 Wochen")
    sent = await bot.say("anna", "/rolle ben gast")
    assert [(s.chat.chat_id, s.reply.text) for s in sent] == [
        (
            "group",
            "Ben ist jetzt Gast (vorher: Mitglied).\n"
            "Diese Maßnahmen haben jetzt niemanden, der verantwortlich ist (ein Gast kann keinen "
            "Stand melden): 1. Spielplatz. /zuweisen <Nr> <wer>",
        ),
        (
            "dm:ben",
            "In der Steuerungsgruppe Musterstadt sind Sie jetzt Gast. /hilfe zeigt, was Sie tun "
            "können.\nIn Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 "
            "„Spielplatz“.",
        ),
    ]
    shown = await bot.ask("anna", "/zeige 1")
    assert "Verantwortlich" not in shown
    assert "zum Gast gemacht" in await bot.ask("anna", "/verlauf 1")
    # His nudges go: the coordinator hears of the due date instead.
    sent = await run_at(bot, berlin(2027, 2, 1, 9, 0))
    assert to(sent, "dm:ben") == [] and to(sent, "dm:anna")


async def test_making_a_hidden_minor_coordinator_warns_that_nobody_sees_who(bot: Bot) -> None:
    await bot.group_with(mia="youth", ben="member")
    await bot.press("mia", "age:under16", chat="dm")
    sent = await bot.say("anna", "/rolle mia koordination")
    (answer,) = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    assert answer.startswith("Erledigt: jetzt Koordination (vorher: Jugendvertretung).")
    assert answer.endswith(
        "Die Gruppe sieht den Namen dieser Koordination nicht (unter 16): Die Mitglieder wissen "
        "nicht, wen sie fragen können. Behalten Sie eine erwachsene Koordination daneben, oder "
        "bitten Sie die Person, ihren Namen zu zeigen (/namezeigen an)."
    )
    assert "unter 16" not in await bot.ask("anna", "/rolle ben koordination")


async def test_a_role_change_has_an_entry_in_the_group_s_history(backend_bot: Bot) -> None:
    """Who changed whose role from what to what, as other changes have theirs; names are read
    when shown: a minor's hidden in the group, a forgotten person's gone."""
    bot = backend_bot
    await bot.group_with(ben="member", lea="youth", quirinus="member")
    assert await bot.ask("anna", "/verlauf") == (
        "Verlauf von Musterstadt:\n"
        "11.01.2027 10:00 · Ben · beigetreten (Mitglied)\n"
        "11.01.2027 10:00 · Jugendvertretung · beigetreten (Jugendvertretung)\n"
        "11.01.2027 10:00 · Quirinus · beigetreten (Mitglied)"
    )
    await bot.ask("anna", "/rolle Ben koordination")
    bot.clock.advance(timedelta(hours=1))
    await bot.ask("ben", "/rolle Lea gast")
    await bot.ask("anna", "/rolle Quirinus gast")
    assert (await bot.ask("ben", "/verlauf")).endswith(
        "11.01.2027 10:00 · Anna · Rolle von Ben: Mitglied → Koordination\n"
        "11.01.2027 11:00 · Ben · Rolle von Jugendvertretung: Jugendvertretung → Gast\n"
        "11.01.2027 11:00 · Anna · Rolle von Quirinus: Mitglied → Gast"
    )
    # Quirinus sees it in his data; then he is forgotten, and his name is nowhere.
    sent = await bot.say("quirinus", "/mydata", chat="dm")
    files = {f.name: f.data for s in sent for f in s.reply.attachments}
    assert json.loads(files["meine-daten.json"])["data"]["group_history"] == {
        "your_role": [
            {  # joining: no role before, and it says it is a join
                "group": "Musterstadt",
                "at": "2027-01-11T09:00:00+00:00",
                "change": "joined",
                "role_before": "",
                "role_after": "member",
            },
            {
                "group": "Musterstadt",
                "at": "2027-01-11T10:00:00+00:00",
                "change": "role",
                "role_before": "member",
                "role_after": "observer",
            },
        ]
    }
    text = files["meine-daten.txt"].decode()
    assert (
        "  - Gruppe: Musterstadt; wann: 11.01.2027 10:00; Änderung: beigetreten; Rolle "
        "nachher: Mitglied\n"
        "  - Gruppe: Musterstadt; wann: 11.01.2027 11:00; Änderung: Rolle geändert; Rolle "
        "vorher: Mitglied; Rolle nachher: Gast"
    ) in text
    sent = await bot.say("anna", "/mydata", chat="dm")
    files = {f.name: f.data for s in sent for f in s.reply.attachments}
    assert json.loads(files["meine-daten.json"])["data"]["group_history"] == {
        "roles_you_changed": [
            {"group": "Musterstadt", "at": "2027-01-11T09:00:00+00:00"},
            {"group": "Musterstadt", "at": "2027-01-11T10:00:00+00:00"},
        ]
    }
    code = (await bot.ask("quirinus", "/vergessen", chat="dm")).split("/vergessen ")[1][:8]
    await bot.ask("quirinus", f"/vergessen {code}", chat="dm")
    assert (await bot.ask("ben", "/verlauf")).endswith(
        "11.01.2027 11:00 · Anna · Rolle von ehemaliges Mitglied: Mitglied → Gast\n"
        "11.01.2027 11:00 · ehemaliges Mitglied · hat die Gruppe verlassen, Daten gelöscht "
        "(war Gast)"
    )
    assert await scan_tables(bot.app.engine, ["quirinus"]) == []


async def test_history_of_a_member_shows_the_changes_of_their_role(bot: Bot) -> None:
    """/verlauf <Name> is the role history of that member, /verlauf <words> a measure's,
    found by its title as /zeige finds it."""
    await bot.group_with(ben="member", carla="member", lea="youth")
    await bot.ask("anna", "/vorschlag Radweg zur Schule")
    assert await bot.ask("anna", "/verlauf Ben") == (
        "Rolle von Ben in Musterstadt:\n11.01.2027 10:00 · Ben · beigetreten (Mitglied)"
    )
    await bot.ask("anna", "/rolle Ben koordination")
    await bot.ask("anna", "/rolle Carla gast")
    assert await bot.ask("carla", "/verlauf ben") == (
        "Rolle von Ben in Musterstadt:\n"
        "11.01.2027 10:00 · Ben · beigetreten (Mitglied)\n"
        "11.01.2027 10:00 · Anna · Rolle von Ben: Mitglied → Koordination"
    )
    assert (await bot.ask("ben", "/verlauf Radweg")).startswith(
        "Verlauf von Maßnahme 1 „Radweg zur Schule“:"
    )
    # A minor's name is not shown in the group, so it does not find her role either.
    assert "Jugendvertretung" not in await bot.ask("ben", "/verlauf Lea")
    assert await bot.ask("ben", "/verlauf Lea") == (
        "Keine Maßnahme passt zu „Lea“. /massnahmen zeigt alle."
    )


async def test_a_coordinator_finds_a_hidden_minors_role_history_in_the_direct_chat(
    bot: Bot,
) -> None:
    """/verlauf <Name> in a coordinator's direct chat finds a minor whose name the group does
    not see, by the start of her name as /mitglieder there names her, marked; the group chat
    and other members' direct chats still find nothing and give no hint."""
    bot.names["lea7"] = "Lea Sommer"
    await bot.group_with(lea7="youth", ben="member")
    assert "Lea Sommer (unter 16)" in await bot.ask("anna", "/mitglieder", chat="dm")
    assert await bot.ask("anna", "/verlauf lea", chat="dm") == (
        "Rolle von Lea Sommer (unter 16) in Musterstadt:\n"
        "11.01.2027 10:00 · Lea Sommer (unter 16) · beigetreten (Jugendvertretung)"
    )
    await bot.ask("anna", "/rolle Lea Sommer gast", chat="dm")
    assert (await bot.ask("anna", "/verlauf Lea Sommer", chat="dm")).endswith(
        "11.01.2027 10:00 · Anna · Rolle von Lea Sommer (unter 16): Jugendvertretung → Gast"
    )
    nothing = "Keine Maßnahme passt zu „{}“. /massnahmen zeigt alle."
    for typed in ("lea", "Lea Sommer"):
        assert await bot.ask("anna", f"/verlauf {typed}") == nothing.format(typed)
        assert await bot.ask("ben", f"/verlauf {typed}", chat="dm") == nothing.format(typed)


async def test_a_coordinator_finds_a_hidden_minor_by_the_start_of_her_name_in_the_direct_chat(
    backend_bot: Bot,
) -> None:
    """/rolle and /minderjaehrig in a coordinator's direct chat find a minor whose name the
    group does not see by the start of her name, as /mitglieder and /verlauf there do; the
    group chat still finds her by her whole name only."""
    bot = backend_bot
    bot.names["lea7"] = "Lea Sommer"
    await bot.group_with(lea7="youth", ben="member")
    nobody = "Ich finde kein Mitglied „lea“ in dieser Gruppe. /mitglieder zeigt alle."
    assert await bot.ask("anna", "/rolle lea mitglied") == nobody
    assert await bot.ask("anna", "/minderjaehrig lea aus") == nobody
    sent = await bot.say("anna", "/rolle lea mitglied", chat="dm")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert (
        texts["dm:anna"] == "Lea Sommer (unter 16) ist jetzt Mitglied (vorher: Jugendvertretung)."
    )
    assert "Erledigt. Dieses Mitglied ist nicht mehr als unter 16 markiert." in await bot.ask(
        "anna", "/minderjaehrig lea aus", chat="dm"
    )
    assert "Mitglied: Ben, Lea Sommer" in await bot.ask("anna", "/mitglieder")


async def test_a_coordinator_s_direct_chat_names_hidden_minors_in_the_group_s_history(
    backend_bot: Bot,
) -> None:
    """/verlauf alone in a coordinator's direct chat names a minor as /mitglieder and
    /verlauf <Name> there do, marked; the group chat and a member's direct chat show the
    pseudonym."""
    bot = backend_bot
    bot.names["lea7"] = "Lea Sommer"
    await bot.group_with(lea7="youth", ben="member")
    await bot.ask("anna", "/rolle Lea Sommer gast")
    assert await bot.ask("anna", "/verlauf", chat="dm") == (
        "Verlauf von Musterstadt:\n"
        "11.01.2027 10:00 · Lea Sommer (unter 16) · beigetreten (Jugendvertretung)\n"
        "11.01.2027 10:00 · Ben · beigetreten (Mitglied)\n"
        "11.01.2027 10:00 · Anna · Rolle von Lea Sommer (unter 16): Jugendvertretung → Gast"
    )
    hidden = (
        "Verlauf von Musterstadt:\n"
        "11.01.2027 10:00 · Jugendvertretung · beigetreten (Jugendvertretung)\n"
        "11.01.2027 10:00 · Ben · beigetreten (Mitglied)\n"
        "11.01.2027 10:00 · Anna · Rolle von Jugendvertretung: Jugendvertretung → Gast"
    )
    assert await bot.ask("anna", "/verlauf") == hidden
    assert await bot.ask("ben", "/verlauf", chat="dm") == hidden


async def test_a_coordinator_who_makes_themselves_youth_representative_is_asked_their_age(
    bot: Bot,
) -> None:
    """The answer says the age question comes in the direct chat, and it does (before: only
    to someone whose role another coordinator changed)."""
    await bot.group_with(cem="coordinator")
    sent = await bot.say("anna", "/rolle Anna jugend")
    assert to(sent, "group") == [
        "Erledigt: jetzt Jugendvertretung (vorher: Koordination). Den Namen wiederhole ich hier "
        "nicht.\nNach dem Alter frage ich die Person im direkten Chat."
    ]
    (asked,) = to(sent, "dm:anna")
    assert asked.startswith("Eine Frage, damit ich deine Daten schützen kann")


async def test_members_of_one_name_are_listed_with_the_user_id_to_tell_them_apart(
    bot: Bot,
) -> None:
    """Two called "Ben Müller": /members in a direct chat shows each one's user id beside the
    name, the id the refusal of "Ben Müller" asks for, and which finds the one meant; the group
    chat shows no user ids."""
    bot.names.update(ben="Ben Müller", ben2="ben müller")
    await bot.group_with(ben="member", ben2="member", max="member")
    await bot.ask("anna", "/propose Bänke")
    listed = await bot.ask("anna", "/mitglieder", chat="dm")
    assert "Mitglied: Ben Müller (ben), Max, ben müller (ben2)" in listed
    assert "(anna)" not in listed
    assert "(ben" not in await bot.ask("anna", "/mitglieder")
    assert "Benutzerkennung" in await bot.ask("anna", "/zuweisen 1 Ben Müller")
    assert "ben müller ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 1 ben2")


async def test_an_adult_of_a_hidden_minor_s_name_is_the_one_meant_where_hers_is_hidden(
    bot: Bot,
) -> None:
    """An adult and a youth representative under 16 both called "Lea Sommer": the group chat,
    which sees her as "Jugendvertretung", is not told that several are called so (it would
    learn her name) and the adult is the one meant; the coordinator's direct chat lists both
    with their user ids and asks for one; her user id typed in the group chat makes her
    responsible (not an office called so), without her name."""
    bot.names.update(ls16="Lea Sommer", lea2="Lea Sommer")
    await bot.group_with(ls16="youth", lea2="member")
    await bot.press("ls16", "age:under16", chat="dm")
    await bot.ask("anna", "/propose Bänke")
    await bot.ask("anna", "/propose Tische")
    assert "Lea Sommer ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 1 Lea Sommer")
    assert "heißen" not in await bot.ask("anna", "/rolle Lea Sommer gast")
    assert "Gast: Lea Sommer" in await bot.ask("anna", "/mitglieder")
    listed = await bot.ask("anna", "/mitglieder", chat="dm")
    assert "Lea Sommer (lea2)" in listed and "Lea Sommer (unter 16) (ls16)" in listed
    assert "Benutzerkennung" in await bot.ask("anna", "/rolle Lea Sommer mitglied", chat="dm")
    answer = await bot.ask("anna", "/zuweisen 2 ls16")
    assert "Lea" not in answer and "Federführung" not in answer, answer
    assert "Verantwortlich: Jugendvertretung" in await bot.ask("anna", "/zeige 2")
