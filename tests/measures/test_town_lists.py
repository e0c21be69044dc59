"""Lists of measures as town halls keep them, read by /import and typed into /bearbeite:
estimated costs, the column names of their own spreadsheets, deadlines as a plan states them."""

from __future__ import annotations

from bot.documents import Sheet, render
from tests.harness import Bot
from tests.measures.test_import import snapshot


async def check(bot: Bot, listed: str, name: str = "liste.csv") -> str:
    await bot.ask("anna", "/import")
    return await bot.send_file("anna", name, listed.encode(), mime_type="text/csv")


async def test_estimated_costs_are_read_as_the_amount(bot: Bot) -> None:
    await bot.group_with()
    listed = (
        "Titel;Kosten\n"
        "Kinderstadtplan;ca. 5.000 €\n"
        "Jugendraum;rd. 40.000 EUR\n"
        "Ferienbetreuung;25 T€\n"
        "Spielplatz;12.500,50 €\n"
    )
    checked = await check(bot, listed)
    # Before: "Zeile 2: Kosten (EUR): Ich konnte „ca. 5.000 €“ nicht als Geldbetrag lesen."
    assert "4 Maßnahmen lassen sich importieren" in checked, checked
    assert "nicht als Geldbetrag" not in checked
    await bot.ask("anna", "/import ja")
    costs = [str(m["cost_estimate"]) for m in await snapshot(bot, 1)]
    assert costs == ["5000.00", "40000.00", "25000.00", "12500.50"]
    assert "Kosten: 5.000,00 € → 6.000,00 €" in await bot.ask(
        "anna", '/bearbeite 1 kosten="ca. 6.000 €"'
    )


async def test_a_title_twice_in_the_list_is_not_taken_from_the_second_row_when_the_first_is_bad(
    bot: Bot,
) -> None:
    await bot.group_with()
    listed = (
        "Titel;Beschreibung;Kosten\n"
        "Kinderstadtplan;Stadtplan von Kindern für Kinder;viel\n"
        "Jugendraum;im Bürgerhaus;\n"
        "Kinderstadtplan ;nochmal;\n"
    )
    checked = await check(bot, listed)
    # Before, "Kinderstadtplan" was imported from row 4, its repetition, and "only the good
    # rows" made the note "nochmal" its description.
    assert "1 Maßnahme lässt sich importieren:\n• Jugendraum\n" in checked, checked
    assert "Zeile 4: Zeile 2 hat denselben Titel; eine Maßnahme wird nur einmal angelegt." in (
        checked
    )
    await bot.ask("anna", "/import ja")
    assert [m["title"] for m in await snapshot(bot, 1)] == ["Jugendraum"]
    # The list corrected: the first row comes along, the repetition still does not.
    checked = await check(bot, listed.replace(";viel", ";5.000 €"))
    assert "1 Maßnahme lässt sich importieren:\n• Kinderstadtplan\n" in checked, checked
    await bot.ask("anna", "/import ja")
    assert [m["description"] for m in await snapshot(bot, 1)][1] == (
        "Stadtplan von Kindern für Kinder"
    )


async def test_the_columns_of_a_town_halls_own_list_are_read(bot: Bot) -> None:
    await bot.group_with()
    listed = (
        "Lfd. Nr.;Maßnahmentitel;Zielsetzung;Kennzahlen;Zuständigkeit;Beteiligte;"
        "Umsetzung bis;Kosten in €;Fördermittel;gesichert?;Bemerkungen\n"
        "1;Jugendbeirat gründen;Dauerhafte Beteiligung;4 Sitzungen im Jahr;Hauptamt;"
        "Stadtjugendring;31.10.2027;2.500;Landesprogramm;ja;dringend\n"
    )
    checked = await check(bot, listed)
    # Before: "Die Spalten „Lfd. Nr.“, „Maßnahmentitel“, … kenne ich nicht" and "Die Datei hat
    # keine Spalte für den Titel".
    assert "1 Maßnahme lässt sich importieren:\n• Jugendbeirat gründen" in checked, checked
    assert "Die Spalte „Bemerkungen“ kenne ich nicht: Aus ihr wird nichts übernommen." in checked
    await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    for line in (
        "Ziel: Dauerhafte Beteiligung",
        "Federführung: Hauptamt",
        "Partner: Stadtjugendring",
        "Frist: 31.10.2027",
        "Kosten: 2.500,00 €",
        "Finanzierung: Landesprogramm",
        "Finanzierung gesichert: ja",
        "Indikatoren: 4 Sitzungen im Jahr",
    ):
        assert line in shown, (line, shown)


async def test_a_year_or_a_month_in_a_date_column_is_read_as_its_span(bot: Bot) -> None:
    await bot.group_with()
    listed = (
        "Titel;Beginn;Umsetzung bis\n"
        "Mehrgenerationenhaus;2027;2028\n"
        "Familienpass;03/2027;9/2027\n"
        "Ferienpass;Frühjahr 2027;Q3/2027\n"
    )
    checked = await check(bot, listed)
    # Before: "Ich konnte „2028“ nicht als Datum lesen."
    assert "3 Maßnahmen lassen sich importieren" in checked, checked
    await bot.ask("anna", "/import ja")
    spans = [(str(m["start_on"]), str(m["due_on"])) for m in await snapshot(bot, 1)]
    assert spans == [
        ("2027-01-01", "2028-12-31"),
        ("2027-03-01", "2027-09-30"),
        ("2027-03-01", "2027-09-30"),
    ]
    # A workbook holds a year as a number.
    sheet = Sheet("Liste", ("Titel", "Frist"), [("Stadtteilfest", 2029)])
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "liste.xlsx", render([sheet], "xlsx"))
    assert "importiert" in await bot.ask("anna", "/import ja")
    assert "Frist: 31.12.2029" in await bot.ask("anna", "/zeige 4")


async def test_cells_that_say_there_is_no_value_are_empty_cells(bot: Bot) -> None:
    await bot.group_with()
    listed = (
        "Titel;Beschreibung;Beginn;Frist;Kosten;Finanzierung gesichert\n"
        "Mehrgenerationenhaus;k.A.;2027;laufend;k.A.;?\n"
        "Spielplatzpaten;Patenschaften;n/a;Daueraufgabe;keine Angabe;offen\n"
    )
    checked = await check(bot, listed)
    # Before: "Zeile 2: Frist: Ich konnte „laufend“ nicht als Datum lesen." and
    # "Kosten (EUR): Ich konnte „k.A.“ nicht als Geldbetrag lesen."
    assert "2 Maßnahmen lassen sich importieren" in checked, checked
    await bot.ask("anna", "/import ja")
    first, second = await snapshot(bot, 1)
    assert not first["description"] and (first["due_on"], first["cost_estimate"]) == (None, None)
    assert first["funding_secured"] is None and str(first["start_on"]) == "2027-01-01"
    assert (second["start_on"], second["due_on"], second["funding_secured"]) == (None, None, False)
