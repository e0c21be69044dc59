"""A postponed measure rests: no nudges, not overdue in the digest, the report or the calendar,
until the group takes it up again; then the person responsible hears so and the nudges return."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, nothing_under, run_at, to


async def test_a_postponed_measure_gets_no_nudges_and_is_not_overdue(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    sent = await bot.say("anna", "/stand 1 verschoben Haushaltssperre")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:ben"] == [
        "In Musterstadt ist Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) verschoben. "
        "Ich erinnere Sie nicht mehr daran, bis sie wieder aufgenommen wird. "
        "Notiz: Haushaltssperre"
    ]
    await bot.app.reminders.plan()
    for day in (date(2027, 2, 4), date(2027, 2, 17), date(2027, 2, 18), date(2027, 2, 25)):
        sent = await run_at(bot, berlin(day.year, day.month, day.day, 9, 0))
        assert [t for t in to(sent, "dm:ben") + to(sent, "dm:anna") if "Spielplatz" in t] == []
    digest = await bot.ask("anna", "/digest")
    assert "Überfällig" in nothing_under(digest)
    report = await bot.ask("anna", "/bericht")
    assert "Überfällig" not in report or "Spielplatz" not in report.split("Überfällig")[1]
    calendar = await bot.say("anna", "/kalender")
    files = [a for s in calendar for a in s.reply.attachments]
    assert not files or b"Spielplatz" not in files[0].data


async def test_taken_up_again_the_person_responsible_hears_it_and_the_nudges_return(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.ask("anna", "/stand 1 verschoben")
    sent = await bot.say("anna", "/stand 1 beschlossen")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:ben"] == [
        "In Musterstadt ist Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) wieder "
        "aufgenommen und jetzt beschlossen; meine Erinnerungen daran beginnen wieder. "
        "Fällig am 18.02.2027. /zeige 1 zeigt sie."
    ]
    sent = to(await run_at(bot, berlin(2027, 2, 4, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "am 18.02.2027 fällig, in 14 Tagen" in sent[0]
