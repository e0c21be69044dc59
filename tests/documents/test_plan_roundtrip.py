"""The action plan exported and read back with /import, as a coordinator does it: into a new
group (a second action plan, another town) or into the same one after editing it in a
spreadsheet."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from tests.harness import Bot

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def exported(bot: Bot, fmt: str = "xlsx", chat: str = "group", user: str = "anna") -> bytes:
    """The plan's export in ``fmt`` as the chat sends it."""
    sent = await bot.say(user, f"/aktionsplan export {fmt}", chat=chat)
    return sent[0].reply.attachments[0].data


async def plan_with_a_reached_milestone(bot: Bot) -> None:
    """Musterstadt's measure 1, adopted, with milestones on 15.01.2027 (reached) and
    15.03.2027 (not yet)."""
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Spielplatz am Park #beteil")
    await bot.ask("anna", "/stand 1 beschlossen force")
    await bot.ask("anna", "/meilenstein 1 15.1.2027 Planung")
    await bot.ask("anna", "/meilenstein 1 15.3.2027 Baubeginn")
    assert "ist erreicht" in await bot.ask("anna", "/meilenstein 1 erreicht 1")


async def test_a_reached_milestone_of_an_exported_plan_is_imported_as_reached(bot: Bot) -> None:
    await plan_with_a_reached_milestone(bot)
    for fmt in ("xlsx", "ods", "csv"):
        data = await exported(bot, fmt)
        chat = f"neu-{fmt}"
        await bot.ask("carl", f"/einrichten Neustadt {fmt}", chat=chat)
        await bot.ask("carl", "/import", chat=chat)
        checked = await bot.send_file("carl", f"aktionsplan.{fmt}", data, chat=chat)
        # Before, the mark the export writes made the row unreadable ("Ich konnte den
        # Meilenstein „✓ 15.01.2027 Planung“ nicht lesen").
        assert "1 Maßnahme lässt sich importieren:\n• Spielplatz am Park" in checked, checked
        assert "Meilenstein" not in checked  # reached: not overdue from the start
        assert "importiert" in await bot.ask("carl", "/import ja", chat=chat)
        shown = await bot.ask("carl", "/zeige 1", chat=chat)
        assert "Meilenstein 15.01.2027: Planung (erreicht am 11.01.2027)" in shown, shown
        assert "Meilenstein 15.03.2027: Baubeginn\n" in shown + "\n"
        again = (await exported(bot, "csv", chat, "carl")).decode("utf-8-sig")
        stones = '"✓ 15.01.2027 Planung (erreicht am 11.01.2027)\n15.03.2027 Baubeginn"'
        assert stones in again.replace("\r\n", "\n"), again


async def test_a_milestone_ticked_in_the_exported_plan_is_marked_reached(bot: Bot) -> None:
    await plan_with_a_reached_milestone(bot)
    book = load_workbook(BytesIO(await exported(bot)))
    sheet = book.active
    column = [c.value for c in sheet[1]].index("Meilensteine") + 1
    assert sheet.cell(2, column).value == (
        "✓ 15.01.2027 Planung (erreicht am 11.01.2027)\n15.03.2027 Baubeginn"
    )
    ticked = "✓ 15.01.2027 Planung (erreicht am 11.01.2027)\n✓ 15.03.2027 Baubeginn"
    sheet.cell(2, column).value = ticked
    out = BytesIO()
    book.save(out)
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "aktionsplan.xlsx", out.getvalue(), mime_type=XLSX_MIME)
    assert (
        "1 Maßnahme würde geändert:\n"
        "• Nr. 1 „Spielplatz am Park“: Meilenstein erreicht: 15.03.2027 Baubeginn"
        " (erreicht am 11.01.2027)\n"
    ) in checked, checked
    assert "1 Maßnahme in Musterstadt geändert: Nr. 1." in await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 15.03.2027: Baubeginn (erreicht am 11.01.2027)" in shown
    assert "Meilenstein erreicht" in await bot.ask("anna", "/verlauf 1")
    # Sent again, the list matches the measure as it is.
    await bot.ask("anna", "/import")
    again = await bot.send_file("anna", "aktionsplan.xlsx", out.getvalue(), mime_type=XLSX_MIME)
    assert "1 Zeile stimmt mit ihrer Maßnahme überein." in again, again


async def test_a_text_starting_with_an_equals_sign_stays_text_in_the_workbook(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Spielplatz | => mehr Platz zum Spielen #beteil")
    await bot.ask("anna", "/bearbeite 1 ziel==1 Spielplatz je Stadtteil")
    await bot.ask("anna", "/stand 1 beschlossen force")
    data = await exported(bot)
    sheet = load_workbook(BytesIO(data)).active
    heads = [c.value for c in sheet[1]]
    description = sheet.cell(2, heads.index("Beschreibung") + 1)
    # Before, openpyxl wrote it as a formula, which a spreadsheet program reports as damaged
    # and an import read back as empty.
    assert (description.value, description.data_type) == ("=> mehr Platz zum Spielen", "s")
    assert sheet.cell(2, heads.index("Ziel") + 1).data_type == "s"
    await bot.ask("carl", "/einrichten Neustadt", chat="neu")
    await bot.ask("carl", "/import", chat="neu")
    await bot.send_file("carl", "aktionsplan.xlsx", data, chat="neu", mime_type=XLSX_MIME)
    await bot.ask("carl", "/import ja", chat="neu")
    shown = await bot.ask("carl", "/zeige 1", chat="neu")
    assert "Beschreibung: => mehr Platz zum Spielen\nZiel: =1 Spielplatz je Stadtteil" in shown


async def test_a_milestone_ticked_with_an_emoji_check_is_marked_reached(bot: Bot) -> None:
    """An emoji keyboard writes "✔️" (the mark and U+FE0F) or "✅": before, the first made the
    row unreadable ("Ich konnte den Meilenstein „✔️ 15.03.2027 Baubeginn“ nicht lesen") and
    the second was not known as a mark."""
    for mark in ("✔\ufe0f", "☑\ufe0f", "✅"):
        chat = f"neu-{ord(mark[0])}"
        await bot.ask("carl", f"/einrichten Neustadt {ord(mark[0])}", chat=chat)
        await bot.ask("carl", "/import", chat=chat)
        table = f'Titel;Meilensteine\nSpielplatz;"{mark} 15.01.2027 Planung\n15.03.2027 Bau"\n'
        checked = await bot.send_file("carl", "liste.csv", table.encode(), chat=chat)
        assert "1 Maßnahme lässt sich importieren" in checked, (mark, checked)
        assert "importiert" in await bot.ask("carl", "/import ja", chat=chat)
        shown = await bot.ask("carl", "/zeige 1", chat=chat)
        assert "Meilenstein 15.01.2027: Planung (erreicht am 11.01.2027)" in shown, (mark, shown)
        assert "Meilenstein 15.03.2027: Bau\n" in shown + "\n"


async def test_a_milestone_reached_keeps_its_day_through_export_and_import(bot: Bot) -> None:
    """Before, an imported milestone marked reached was reached on the day of the import,
    whatever day the plan or the list said."""
    await plan_with_a_reached_milestone(bot)  # "Planung" reached on 11.01.2027
    bot.clock.advance(timedelta(days=30))
    for fmt in ("xlsx", "ods", "csv"):
        data = await exported(bot, fmt)
        chat = f"neu-{fmt}"
        await bot.ask("carl", f"/einrichten Neustadt {fmt}", chat=chat)
        await bot.ask("carl", "/import", chat=chat)
        await bot.send_file("carl", f"aktionsplan.{fmt}", data, chat=chat)
        assert "importiert" in await bot.ask("carl", "/import ja", chat=chat)
        shown = await bot.ask("carl", "/zeige 1", chat=chat)
        assert "Meilenstein 15.01.2027: Planung (erreicht am 11.01.2027)" in shown, (fmt, shown)


async def test_a_milestone_ticked_in_a_town_list_is_reached_on_its_day(bot: Bot) -> None:
    await bot.group_with()  # today: 11.01.2027
    await bot.ask("anna", "/import")
    table = (
        "Titel;Meilensteine\n"
        'Spielplatz;"✓ 01.12.2026 Planung\n✓ 15.03.2027 Ausschreibung\n'
        '30.06.2027 Bau (erreicht am 05.01.2027)"\n'
    )
    await bot.send_file("anna", "liste.csv", table.encode())
    assert "importiert" in await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 01.12.2026: Planung (erreicht am 01.12.2026)" in shown, shown
    # Ticked ahead of its day: reached today, not on a day still to come.
    assert "Meilenstein 15.03.2027: Ausschreibung (erreicht am 11.01.2027)" in shown, shown
    assert "Meilenstein 30.06.2027: Bau (erreicht am 05.01.2027)" in shown, shown


async def test_a_milestone_of_the_measure_ticked_with_its_day_is_reached_that_day(
    bot: Bot,
) -> None:
    await plan_with_a_reached_milestone(bot)
    bot.clock.advance(timedelta(days=70))  # 22.03.2027: "Baubeginn" (15.03.) is overdue
    await bot.ask("anna", "/import")
    table = "Nr.;Titel;Meilensteine\n1;Spielplatz am Park;✓ 15.03.2027 Baubeginn\n"
    checked = await bot.send_file("anna", "liste.csv", table.encode())
    assert "Meilenstein erreicht: 15.03.2027 Baubeginn" in checked, checked
    await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 15.03.2027: Baubeginn (erreicht am 15.03.2027)" in shown, shown
    assert "Meilenstein 15.01.2027: Planung (erreicht am 11.01.2027)" in shown, shown


async def test_the_check_names_the_day_a_ticked_milestone_is_reached_on(bot: Bot) -> None:
    """Before, the check said "Meilenstein erreicht: 15.03.2027 Baubeginn" of a milestone the
    list had reached on 05.01.2027, where the export writes "(erreicht am 05.01.2027)"."""
    await plan_with_a_reached_milestone(bot)  # today: 11.01.2027
    await bot.ask("anna", "/import")
    table = (
        "Nr.;Titel;Meilensteine\n"
        '1;Spielplatz am Park;"✓ 15.01.2027 Planung (erreicht am 11.01.2027)\n'
        "✓ 15.03.2027 Baubeginn (erreicht am 05.01.2027)\n"
        '✓ 01.12.2026 Vorplanung (erreicht am 03.12.2026)"\n'
    )
    checked = await bot.send_file("anna", "liste.csv", table.encode())
    assert (
        "• Nr. 1 „Spielplatz am Park“: neuer Meilenstein ✓ 01.12.2026 Vorplanung (erreicht am "
        "03.12.2026); Meilenstein erreicht: 15.03.2027 Baubeginn (erreicht am 05.01.2027)\n"
    ) in checked, checked
    await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 15.03.2027: Baubeginn (erreicht am 05.01.2027)" in shown, shown
    assert "Meilenstein 01.12.2026: Vorplanung (erreicht am 03.12.2026)" in shown, shown
