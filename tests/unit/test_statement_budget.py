"""How many statements the busiest commands send to the database (SQLite, warm context).

Every statement is a round trip (on SQLite a hop to aiosqlite's thread plus SQLAlchemy's work),
so the number of statements is what the command path's speed is made of (bench/command_path.py
measures the time). Counting them is exact, unlike timing on a shared machine; a change that adds
a round trip to one of these commands shows up here. Commit and the pool's reset are not counted.
"""

from __future__ import annotations

from tests.harness import Bot, counted


async def statements_for(
    bot: Bot, user: str, text: str, chat: str = "group"
) -> tuple[str, list[str]]:
    with counted(bot) as statements:
        answer = await bot.ask(user, text, chat)
    return answer, statements


async def ready_group(bot: Bot) -> None:
    await bot.group_with(ben="member", cleo="youth")
    for title in ("Radweg", "Bänke | am Markt", "Jugendforum #Beteiligung"):
        await bot.ask("anna", f"/propose {title}")
    await bot.ask("anna", "/round approval 1 2 3")
    for who in ("anna", "ben", "cleo"):
        await bot.ask(who, "/measures")  # who-is-who is cached from here on


async def test_listing_measures_takes_two_statements(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "ben", "/measures")
    assert "3 Maßnahmen" in answer and "Beteiligung" in answer
    # record the event (reading the context epoch), the list with field names
    assert len(statements) == 2, statements


async def test_showing_a_measure_takes_two_statements(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "ben", "/show 3")
    assert "Jugendforum" in answer and "Beteiligung" in answer and "Anna" in answer
    # record the event; the measure with proposer, responsible, field and whether it has
    # milestones (it has none, so they are not read)
    assert len(statements) == 2, statements


async def test_a_measure_with_milestones_takes_a_third_statement(bot: Bot) -> None:
    await ready_group(bot)
    await bot.ask("anna", "/milestone 3 1.3.2027 Ort gefunden")
    answer, statements = await statements_for(bot, "ben", "/show 3")
    assert "Meilenstein 01.03.2027: Ort gefunden" in answer
    assert len(statements) == 3, statements


async def test_a_contact_in_a_chat_the_youth_read_takes_a_third_statement(bot: Bot) -> None:
    await ready_group(bot)
    await bot.ask("anna", "/edit 3 contact=jugendamt@musterstadt.de")
    answer, statements = await statements_for(bot, "ben", "/show 3")
    assert "musterstadt.de" not in answer and "/show 3 im direkten Chat" in answer
    # whether youth representatives or guests read the group chat along: asked once, and only
    # for a measure with a contact (in a direct chat not at all)
    assert len(statements) == 3, statements
    await bot.ask("ben", "/measures", chat="dm")  # the direct chat's context cached
    answer, statements = await statements_for(bot, "ben", "/show 3", chat="dm")
    assert "jugendamt@musterstadt.de" in answer
    assert len(statements) == 2, statements


async def test_proposing_takes_four_statements(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "ben", "/propose Trinkbrunnen")
    assert "Maßnahme 4" in answer
    # record the event, take the number, the measure, its audit entry
    assert len(statements) == 4, statements


async def test_a_youth_idea_takes_three_statements(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "cleo", "/propose Skatepark")
    assert "Skatepark" in answer and "Warteschlange" in answer
    # record the event, the next queue number with the anonymity wish, the idea
    assert len(statements) == 3, statements


async def test_an_open_vote_takes_five_statements(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "ben", "/vote 1 1 3")
    assert (
        "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 1 „Radweg“, Maßnahme 3 „Jugendforum“"
        in answer
    )
    # record the event, the round (shared lock), its measures, the ballot, the participation
    # (returning the progress count with the announcement references)
    assert len(statements) == 5, statements


async def test_a_changed_vote_takes_five_statements_and_leaves_the_announcement(
    bot: Bot,
) -> None:
    await ready_group(bot)
    await bot.say("ben", "/vote 1 1 3")
    assert bot.adapter.edits[-1][1].text.endswith("1 von 3 hat abgestimmt.")
    bot.adapter.edits.clear()
    with counted(bot) as statements:
        sent = await bot.say("ben", "/vote 1 2")
    assert [s.reply.text for s in sent] == [
        "Ihre Stimme in Runde 1 lautet jetzt: Maßnahme 2 „Bänke“."
    ]
    assert not bot.adapter.edits, "the count did not change: nothing to edit"
    assert len(statements) == 5, statements


async def test_a_refusal_before_the_handler_records_the_event_once(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "cleo", "/runde zustimmung 1 2")
    assert answer.startswith("/runde dürfen nur: Koordination.")
    # record the event (reading the context epoch), nothing else: the refusal commits it as it
    # is, with no rollback and no second record
    assert len(statements) == 1, statements


async def test_a_refusal_from_the_handler_undoes_its_work_and_records_the_event_anew(
    bot: Bot,
) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "ben", "/show 9")
    assert "Maßnahme 9" in answer  # there is none
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 2 and all("processed_events" in s for s in inserts), statements


async def test_a_contact_edited_in_a_chat_the_youth_read_asks_about_them_once(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(
        bot, "anna", "/edit 3 contact=jugendamt@musterstadt.de"
    )
    assert answer.startswith(
        "Maßnahme 3 „Jugendforum“ geändert:\n• Kontakt\nÄnderungen am Kontakt:"
    )
    assert "musterstadt.de" not in answer
    # whether youth representatives or guests read the group chat along: asked for the
    # contact typed (the message is taken out) and not again for the answer
    asked = [s for s in statements if "memberships.role IN" in s]
    assert len(asked) == 1, statements


async def test_a_history_without_notes_reads_no_members(bot: Bot) -> None:
    await ready_group(bot)
    answer, statements = await statements_for(bot, "ben", "/history 1")
    assert answer == "Verlauf von Maßnahme 1 „Radweg“:\n11.01.2027 10:00 · Anna · angelegt: Radweg"
    # record the event; the measure, its events, the field names, the one who made it: not
    # the members whose names a note would hide (no note here)
    assert len(statements) == 5, statements
