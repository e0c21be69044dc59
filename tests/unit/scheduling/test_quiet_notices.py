"""A notice to someone about what another member did (made responsible, due date moved, their
idea decided) waits for the end of their quiet hours, stored in the outbox: it arrives once,
also across a restart. The answer to whoever typed the command comes at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from tests.harness import Bot, counted, make_app, settings_for
from tests.unit.scheduling.helpers import add_measure, berlin, rows, run_at, to
from tests.voting.helpers import group_with_measures
from tests.voting.test_closing_reads import reads_of

MADE_RESPONSIBLE = (
    "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 1 „Spielplatz“. "
    "Fällig am 18.02.2027. /zeige 1 zeigt sie."
)


async def test_a_notice_at_night_arrives_when_the_quiet_hours_end(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    sent = await bot.say("anna", "/zuweisen 1 Ben")
    # The group hears it at once; Ben not at 23:00.
    assert to(sent, "group") == ["Ben ist jetzt verantwortlich für Maßnahme 1 „Spielplatz“."]
    assert to(sent, "dm:ben") == []
    await bot.ask("anna", "/frist 1 1.3.2027")
    assert to(await run_at(bot, berlin(2027, 1, 12, 6, 59)), "dm:ben") == []
    # At 07:00 one notice, once: responsible, with the date as it is now (the 18.02. he
    # never heard of is no news).
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [
        MADE_RESPONSIBLE.replace("18.02.2027", "01.03.2027")
    ]
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 5)), "dm:ben") == []


async def test_a_measure_due_today_handed_over_at_night_is_overdue_in_the_morning(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 11), responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/zuweisen 1 Ben")
    # Read at 07:00 on the 12th, "Fällig am 11.01.2027." would hide that it is late.
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 1 „Spielplatz“. Die Frist "
        "(11.01.2027) ist schon verstrichen: /frist 1 <Datum> setzt eine neue. /zeige 1 zeigt sie."
    ]


async def test_made_responsible_and_given_a_first_date_at_night_is_one_notice(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=None, responsible=None)
    await add_measure(bot, "Radweg", due=None, responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    for number in (1, 2):
        await bot.ask("anna", f"/zuweisen {number} Ben")
        await bot.ask("anna", f"/frist {number} 18.2.2027")
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [
        MADE_RESPONSIBLE,
        MADE_RESPONSIBLE.replace("1 „Spielplatz“", "2 „Radweg“").replace("/zeige 1", "/zeige 2"),
    ]
    # He sets a date himself that night: the notice of anna's change still comes, with it.
    await add_measure(bot, "Bücherei", due=None, responsible=None)
    bot.clock.set(berlin(2027, 1, 12, 23, 0))
    await bot.ask("anna", "/zuweisen 3 Ben")
    await bot.ask("ben", "/frist 3 18.2.2027")
    assert to(await run_at(bot, berlin(2027, 1, 13, 7, 0)), "dm:ben") == [
        MADE_RESPONSIBLE.replace("1 „Spielplatz“. Fällig am 18.02.2027.", "3 „Bücherei“.").replace(
            "/zeige 1", "/zeige 3"
        )
    ]


async def test_a_youth_representatives_notice_at_night_waits_too(bot: Bot) -> None:
    await bot.group_with(lea="youth")  # under 16 until she says otherwise
    await bot.ask("lea", "/vorschlagen Skatepark", chat="dm")
    bot.clock.set(berlin(2027, 1, 11, 22, 30))
    sent = await bot.say("anna", "/annehmen 1")
    assert to(sent, "dm:lea") == []
    assert to(await run_at(bot, berlin(2027, 1, 12, 6, 0)), "dm:lea") == []
    (news,) = to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:lea")
    assert news == (
        "Gute Nachricht: Die Steuerungsgruppe Musterstadt hat deine Idee „Skatepark“ "
        "aufgenommen. Sie ist jetzt Maßnahme 1."
    )


async def test_a_notice_in_the_afternoon_arrives_at_once(bot: Bot) -> None:
    await bot.group_with(ben="member", cem="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 15, 0))
    assert to(await bot.say("anna", "/zuweisen 1 Ben"), "dm:ben") == [MADE_RESPONSIBLE]
    # Cem's own quiet hours begin at 22:00: at 21:00 he hears it at once, Ben (20:00) not.
    await bot.ask("cem", "/erinnerungen ruhezeit=22:00-06:00")
    bot.clock.set(berlin(2027, 1, 11, 21, 0))
    sent = await bot.say("anna", "/zuweisen 1 Cem")
    assert to(sent, "dm:cem")[0].startswith(
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 1"
    )
    assert to(sent, "dm:ben") == []
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [
        "In Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 „Spielplatz“. "
        "Verantwortlich jetzt: Cem."
    ]
    assert [r.outcome for r in await rows(bot) if r.kind == "notice"] == ["sent"]


async def test_a_restart_before_the_morning_neither_loses_nor_repeats_a_notice(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = settings_for(tmp_path)  # one SQLite file for both runs

    def started() -> Bot:
        app = make_app(settings, clock)
        adapter = MemoryAdapter()
        app.add_adapter(adapter)
        return Bot(app, adapter, clock)

    bot = started()
    async with bot.app:
        await bot.group_with(ben="member")
        await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
        clock.set(berlin(2027, 1, 11, 23, 0))
        assert to(await bot.say("anna", "/zuweisen 1 Ben"), "dm:ben") == []
        assert to(await run_at(bot, berlin(2027, 1, 11, 23, 30)), "dm:ben") == []
    for attempt in range(2):
        bot = started()
        async with bot.app:
            sent = to(await run_at(bot, berlin(2027, 1, 12, 7, 0 + attempt)), "dm:ben")
            assert sent == ([MADE_RESPONSIBLE] if attempt == 0 else []), attempt


async def test_a_notice_held_for_someone_who_left_by_the_morning_is_not_sent(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/zuweisen 1 Ben")
    assert "verlassen" in await bot.ask("ben", "/austreten ja")
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == []
    assert [r.outcome for r in await rows(bot) if r.kind == "notice"] == ["skipped"]


ROLE_NOTICE = (
    "In der Steuerungsgruppe Musterstadt sind Sie jetzt Koordination. /hilfe zeigt, was Sie tun "
    "können.\nAb jetzt bekommen Sie montags die Wochenübersicht und die Hinweise auf überfällige "
    "Maßnahmen; was gerade ansteht, zeigt /uebersicht."
)
TAKEN_OUT = (
    "Die Koordination von Musterstadt hat Sie aus der Steuerungsgruppe genommen. Ihre Vorschläge "
    "bleiben. Um zurückzukommen, fragen Sie eine Koordination nach einem Einladungscode."
)


async def test_a_role_changed_at_night_is_told_when_the_quiet_hours_end(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cem="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    sent = await bot.say("anna", "/rolle Ben koordination")
    assert to(sent, "group") == ["Ben ist jetzt Koordination (vorher: Mitglied)."]
    assert to(sent, "dm:ben") == []
    # Made a youth representative at night: the age question, with its buttons, waits too.
    sent = await bot.say("anna", "/rolle Cem jugend")
    assert to(sent, "dm:cem") == []
    assert to(await run_at(bot, berlin(2027, 1, 12, 6, 59)), "dm:ben") == []
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == [ROLE_NOTICE]
    role, question = [s for s in morning if s.chat.chat_id == "dm:cem"]
    assert role.reply.text.startswith(
        "In der Steuerungsgruppe Musterstadt bist du jetzt Jugendvertretung."
    )
    assert question.reply.text.startswith("Eine Frage, damit ich deine Daten schützen kann")
    assert [c.label for c in question.reply.choices] == ["unter 16", "16 oder älter"]
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 5)), "dm:ben") == []


async def test_a_held_age_question_answered_before_the_morning_is_not_sent(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(cem="member", dan="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.say("anna", "/rolle Cem jugend")
    await bot.say("anna", "/rolle Dan jugend")
    # Cem asks by himself at 23:30 and answers; Dan's age is decided by the coordination.
    bot.clock.set(berlin(2027, 1, 11, 23, 30))
    (asked,) = to(await bot.say("cem", "/alter", chat="dm"), "dm:cem")
    assert asked.startswith("Eine Frage, damit ich deine Daten schützen kann")
    assert "Danke" in await bot.ask("cem", "15", chat="dm")
    await bot.say("anna", "/minderjährig Dan aus")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    # Only the role notices (and Dan's that he is marked 16 or older): no question.
    (role,) = to(morning, "dm:cem")
    assert role.startswith("In der Steuerungsgruppe Musterstadt bist du jetzt Jugendvertretung.")
    assert not any(s.reply.choices for s in morning), morning
    assert not any("Eine Frage" in text for text in to(morning, "dm:dan"))


async def test_a_role_changed_in_the_afternoon_is_told_at_once(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 1, 11, 15, 0))
    assert to(await bot.say("anna", "/rolle Ben koordination"), "dm:ben") == [ROLE_NOTICE]
    assert [r for r in await rows(bot) if r.kind == "notice"] == []


async def test_someone_taken_out_at_night_hears_it_in_the_morning(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cem="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    sent = await bot.say("anna", "/entfernen ben")
    assert to(sent, "group") == ["Ben ist nicht mehr in der Gruppe."]
    assert to(sent, "dm:ben") == []
    # No longer a member, and still told: this notice is about exactly that.
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [TAKEN_OUT]
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 5)), "dm:ben") == []
    # In the afternoon at once.
    bot.clock.set(berlin(2027, 1, 12, 15, 0))
    assert to(await bot.say("anna", "/entfernen cem"), "dm:cem") == [TAKEN_OUT]


async def test_someone_taken_out_at_night_and_back_by_the_morning_hears_nothing_of_it(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/entfernen ben")
    code = (await bot.ask("anna", "/einladen mitglied")).split("/beitreten ")[1].split()[0]
    await bot.ask("ben", f"/beitreten {code}", chat="dm")
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == []
    assert [r.outcome for r in await rows(bot) if r.kind == "notice"] == ["skipped"]


async def test_marked_under_16_at_night_is_told_in_the_morning(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    assert to(await bot.say("anna", "/minderjährig ben an"), "dm:ben") == []
    (told,) = to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben")
    assert told.startswith("Die Koordination von Musterstadt hat dich als unter 16 eingetragen.")


async def test_coordinating_after_the_only_coordinator_was_forgotten_at_night_waits(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    asked = await bot.ask("anna", "/vergessen", chat="dm")
    code = asked.rsplit("/vergessen ", 1)[1].split()[0].rstrip(".")
    sent = await bot.say("anna", f"/vergessen {code}", chat="dm")
    assert any("Ben, am längsten Mitglied hier" in text for text in to(sent, "group"))
    assert to(sent, "dm:ben") == []
    (told,) = to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben")
    assert told.startswith("Die einzige Koordination von Musterstadt ist ausgetreten")


async def test_notices_that_cancel_out_overnight_are_neither_sent(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cem="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    await add_measure(bot, "Bänke", due=date(2027, 2, 18), responsible="cem")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/zuweisen 1 Ben")
    await bot.ask("anna", "/frist 1 1.3.2027")
    await bot.ask("anna", "/zuweisen 2 Ben")  # Cem: no longer responsible for measure 2
    # All held: Ben's two about measure 1 as one (responsible, with its new date), Cem's, Ben's.
    assert len([r for r in await rows(bot) if r.kind == "notice"]) == 3
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/zuweisen 1 niemand")  # Ben never heard he was: nothing about 1
    await bot.ask("anna", "/zuweisen 2 Cem")  # back to Cem: Ben hears nothing of it either
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == []
    # Cem was responsible all along: told so once (with the due date), not "no longer" first.
    assert to(morning, "dm:cem") == [
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 2 „Bänke“. Fällig am "
        "18.02.2027. /zeige 2 zeigt sie."
    ]
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 5)), "dm:cem") == []
    assert [r.outcome for r in await rows(bot) if r.kind == "notice"] == ["sent"]


async def test_a_due_date_moved_twice_overnight_is_told_once_with_the_last_date(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Bänke", due=date(2027, 2, 18), responsible="ben")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/frist 1 1.3.2027")
    await bot.ask("anna", "/frist 2 1.3.2027")
    await bot.ask("anna", "/stand 2 zurückgestellt")
    assert len([r for r in await rows(bot) if r.kind == "notice"]) == 3  # all held
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/frist 1 15.3.2027")
    await bot.ask("anna", "/frist 2 18.2.2027")  # back to the date Ben knows
    await bot.ask("anna", "/stand 2 beschlossen")  # and taken up again
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [
        "In Musterstadt ist Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) jetzt fällig "
        "am 15.03.2027 statt am 18.02.2027 (verschoben von Anna)."
    ]


async def test_a_role_changed_twice_overnight_is_told_once_with_the_last_role(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cem="member")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/rolle Ben koordination")
    await bot.ask("anna", "/rolle Cem koordination")
    assert len([r for r in await rows(bot) if r.kind == "notice"]) == 2  # both held
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/rolle Ben gast")
    await bot.ask("anna", "/rolle Cem mitglied")  # back to the role Cem knows
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    # Before: "… jetzt Koordination …" and then "… jetzt Gast …"; and to Cem two notices.
    assert to(morning, "dm:ben") == [
        "In der Steuerungsgruppe Musterstadt sind Sie jetzt Gast. /hilfe zeigt, was Sie tun können."
    ]
    assert to(morning, "dm:cem") == []
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 5)), "dm:ben") == []
    assert [r.outcome for r in await rows(bot) if r.kind == "notice"] == ["sent"]


async def test_a_role_changed_and_back_overnight_still_tells_what_it_took(bot: Bot) -> None:
    await bot.group_with(ben="member", dan="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/rolle Ben gast")  # a guest reports on no measure: it is his no more
    await bot.ask("anna", "/rolle Dan jugend")  # the age question waits for the morning
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/rolle Ben mitglied")
    await bot.ask("anna", "/rolle Dan mitglied")  # no youth representative: nothing to ask
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == [
        "In der Steuerungsgruppe Musterstadt sind Sie jetzt Mitglied. /hilfe zeigt, was Sie "
        "tun können.\nIn Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 "
        "„Spielplatz“."
    ]
    assert to(morning, "dm:dan") == []


async def test_marked_under_16_and_back_overnight_is_not_told(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cem="member")
    await bot.ask("anna", "/minderjährig Cem an")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/minderjährig Ben an")
    await bot.ask("anna", "/minderjährig Cem aus")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/minderjährig Ben aus")
    await bot.ask("anna", "/minderjährig Cem an")
    # Before: "… als unter 16 eingetragen …" and then "… als 16 oder älter eingetragen …".
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == []
    assert to(morning, "dm:cem") == []
    assert [r for r in await rows(bot) if r.kind == "notice"] == []


async def test_a_coordinator_stepping_down_overnight_keeps_the_notice_of_anothers_role(
    bot: Bot,
) -> None:
    """Anna makes Ben a member at night and then hands the coordination to Cem and steps down
    herself: Ben's held notice is about Ben, and comes as it was; Anna hears nothing of her own
    change."""
    await bot.group_with(ben="observer", cem="member")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/rolle Ben mitglied")
    await bot.ask("anna", "/rolle Cem koordination")
    await bot.ask("anna", "/rolle Anna mitglied")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == [
        "In der Steuerungsgruppe Musterstadt sind Sie jetzt Mitglied. /hilfe zeigt, was Sie "
        "tun können."
    ]
    assert to(morning, "dm:cem") == [ROLE_NOTICE]
    assert to(morning, "dm:anna") == []


async def test_a_role_given_at_night_and_handed_back_by_its_holder_is_not_told_later(
    backend_bot: Bot,
) -> None:
    """Made coordinator at 22:00, Ben steps back to member himself at 23:00: at 07:00 he is not
    told he coordinates now (before: "… jetzt Koordination … den Wochenüberblick …"). What the
    changes in between took from him he still hears, with the role he chose."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cem="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="cem")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/rolle Ben koordination")
    await bot.ask("anna", "/rolle Cem gast")  # a guest reports on no measure: it is his no more
    await bot.ask("anna", "/rolle Cem koordination")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    assert "Ben ist jetzt Mitglied" in await bot.ask("ben", "/rolle Ben mitglied")
    assert "Cem ist jetzt Mitglied" in await bot.ask("cem", "/rolle Cem mitglied")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == []
    assert to(morning, "dm:cem") == [
        "In der Steuerungsgruppe Musterstadt sind Sie jetzt Mitglied. /hilfe zeigt, was Sie "
        "tun können.\nIn Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 "
        "„Spielplatz“."
    ]


async def test_a_ballot_taken_by_a_role_changed_back_overnight_is_told_for_the_last_role(
    backend_bot: Bot,
) -> None:
    """Made a guest at 22:00, their ballot in the open round went; a member (Max) and a youth
    representative (Lea) again at 23:00, they hear in the morning that it went while they were
    a guest and that they may vote again, in the words of the role they have now (before: "als
    Gast stimmen Sie nicht ab", to Lea too, as she was written to as a guest)."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await group_with_measures(bot)
    await bot.ask("anna", "/runde zustimmung 1 2 3")
    await bot.ask("max", "/abstimmen 1 1")
    await bot.ask("lea", "/abstimmen 1 2")
    bot.clock.set(berlin(2027, 1, 11, 22, 0))
    await bot.ask("anna", "/rolle max gast")
    await bot.ask("anna", "/rolle lea gast")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/rolle max mitglied")
    await bot.ask("anna", "/rolle lea jugend")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:max") == [
        "In der Steuerungsgruppe Musterstadt sind Sie jetzt Mitglied. /hilfe zeigt, was Sie "
        "tun können.\nIhre Stimme in einer noch offenen Runde zählt nicht mehr, weil Sie "
        "zwischendurch Gast waren. Sie können erneut abstimmen: /abstimmen"
    ]
    assert to(morning, "dm:lea") == [
        "In der Steuerungsgruppe Musterstadt bist du jetzt Jugendvertretung. /hilfe zeigt, was "
        "du tun kannst.\nDeine Stimme in einer noch offenen Runde zählt nicht mehr, weil du "
        "zwischendurch Gast warst. Du kannst erneut abstimmen: /abstimmen"
    ]


async def test_coordinating_after_the_only_coordinator_was_forgotten_and_handed_on_overnight(
    bot: Bot,
) -> None:
    """Ben coordinates at 23:00 because Anna was forgotten, and hands it on to Cem at 23:30:
    in the morning he is not told that he coordinates now (before: "Die einzige Koordination
    … ist ausgetreten …; deshalb koordinieren Sie die Gruppe jetzt")."""
    await bot.group_with(ben="member", cem="member")
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    asked = await bot.ask("anna", "/vergessen", chat="dm")
    code = asked.rsplit("/vergessen ", 1)[1].split()[0].rstrip(".")
    await bot.say("anna", f"/vergessen {code}", chat="dm")
    bot.clock.set(berlin(2027, 1, 11, 23, 30))
    assert "Cem ist jetzt Koordination" in await bot.ask("ben", "/rolle Cem koordination")
    assert "Ben ist jetzt Mitglied" in await bot.ask("ben", "/rolle Ben mitglied")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert to(morning, "dm:ben") == []
    assert to(morning, "dm:cem") == [ROLE_NOTICE]


async def test_a_notice_written_for_the_morning_reads_the_quiet_hours_once(bot: Bot) -> None:
    """Handed a measure due that day at 23:00: when Ben's quiet hours end tells both which day
    the notice is written for and when it goes out, from one read of the group's and his
    settings."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 11), responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    with counted(bot) as statements:
        await bot.ask("anna", "/zuweisen 1 Ben")
    # one to plan the measure's reminders, one for the notice (not one more for its day)
    assert len(reads_of("FROM group_reminder_settings", statements)) == 2, statements
    assert len(reads_of("FROM person_reminder_settings", statements)) == 2, statements
    assert "verstrichen" in to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben")[0]
