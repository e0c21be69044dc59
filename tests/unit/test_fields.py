"""/fields: coordinators add, rename, move and remove fields of action; a field in use stays."""

from __future__ import annotations

from tests.harness import Bot


async def test_fields_are_numbered_and_coordinators_are_told_how_to_change_them(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    assert await bot.ask("ben", "/handlungsfelder") == (
        "Handlungsfelder von Musterstadt:\n1. Kindeswohlvorrang\n"
        "2. Kinderfreundliche Rahmenbedingungen\n3. Beteiligung\n4. Information"
    )
    assert (await bot.ask("anna", "/handlungsfelder")).endswith(
        "4. Information\nÄndern: /handlungsfelder neu <Name>, /handlungsfelder umbenennen "
        "<Nr.> <neuer Name>, /handlungsfelder verschieben <Nr.> <Position>, /handlungsfelder "
        "entfernen <Nr.>"
    )
    assert await bot.ask("ben", "/handlungsfelder neu Sport") == (
        "Handlungsfelder anlegen, umbenennen, verschieben und entfernen kann nur die Koordination."
    )
    assert await bot.ask("ben", "/fields remove 1") == (
        "Handlungsfelder anlegen, umbenennen, verschieben und entfernen kann nur die Koordination."
    )
    assert "4. Information" in await bot.ask("ben", "/fields")


async def test_renaming_a_field_keeps_its_measures(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await bot.ask("anna", "/handlungsfelder neu Mobilitat")
    await bot.ask("ben", "/propose Schulweg #mobil")
    assert await bot.ask("anna", "/handlungsfelder umbenennen 5 Mobilität und Verkehr") == (
        "Das Handlungsfeld Mobilitat heißt jetzt Mobilität und Verkehr.\n"
        "Maßnahmen und Ideen darin behalten es unter dem neuen Namen."
    )
    assert "Handlungsfeld: Mobilität und Verkehr" in await bot.ask("ben", "/show 1")
    # By (the beginning of) the old name, with | before the new one.
    assert "heißt jetzt Verkehr." in await bot.ask("anna", "/fields rename Mobilität und | Verkehr")
    assert "Handlungsfeld: Verkehr" in await bot.ask("ben", "/show 1")
    assert await bot.ask("anna", "/fields rename 5 beteiligung") == (
        "Das Handlungsfeld Beteiligung gibt es schon."
    )
    assert await bot.ask("anna", "/fields rename 9 Sport") == (
        "Ein Handlungsfeld Nummer 9 gibt es nicht; /handlungsfelder zeigt sie."
    )
    assert (await bot.ask("anna", "/fields rename 5")).startswith("Es fehlt noch: Name.")
    assert "5. Verkehr" in await bot.ask("anna", "/fields")


async def test_a_field_in_use_stays_and_an_unused_one_goes(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member", cleo="youth")
    await bot.ask("ben", "/propose Kinderrat #beteil")
    await bot.ask("ben", "/propose Jugendforum #beteil")
    await bot.ask("cleo", "/propose Skatepark #beteil", chat="dm")
    assert await bot.ask("anna", "/handlungsfelder entfernen Beteiligung") == (
        "Beteiligung bleibt, weil es genutzt wird: Maßnahmen 1, 2; wartende Jugendidee 1. "
        "Ordnen Sie sie zuerst einem anderen Handlungsfeld zu (/bearbeite <n> feld=…, "
        "/annehmen <n> #Handlungsfeld), dann können Sie es entfernen."
    )
    assert "3. Beteiligung" in await bot.ask("anna", "/fields")
    # The measures move; the idea, once accepted into another field, no longer holds it.
    await bot.ask("anna", "/edit 1 field=Information")
    await bot.ask("anna", "/edit 2 field=Information")
    await bot.ask("anna", "/accept 1 #Information")
    asked = (await bot.say("anna", "/fields remove 3"))[0].reply
    assert asked.text == "Das Handlungsfeld Beteiligung entfernen?"
    assert "3. Beteiligung" in await bot.ask("anna", "/fields")  # only asked so far
    sent = await bot.press("anna", asked.choices[0].action)
    assert [s.reply.text for s in sent] == ["Handlungsfeld Beteiligung entfernt."]
    assert await bot.ask("ben", "/fields") == (
        "Handlungsfelder von Musterstadt:\n1. Kindeswohlvorrang\n"
        "2. Kinderfreundliche Rahmenbedingungen\n3. Information"
    )
    # The history still tells where measure 1 came from.
    assert "(ein inzwischen entferntes Handlungsfeld) → Information" in await bot.ask(
        "anna", "/verlauf 1"
    )
    assert "Beteiligung" not in await bot.ask("anna", "/propose Kinderrat 2 #beteil")


async def test_bad_field_commands_get_a_reason(bot: Bot) -> None:
    await bot.group_with()
    assert await bot.ask("anna", "/fields add 42") == (
        "Ein Handlungsfeld braucht einen Namen, nicht nur eine Zahl."
    )
    assert await bot.ask("anna", "/fields add " + "x" * 500) == (
        "Der Name eines Handlungsfelds ist zu lang (höchstens 120 Zeichen)."
    )
    assert (await bot.ask("anna", "/fields remove")).startswith(
        "Es fehlt noch: welches Handlungsfeld."
    )
    assert "gibt es nicht" in await bot.ask("anna", "/fields remove Sport")
    assert await bot.ask("anna", "/fields add Information") == (
        "Das Handlungsfeld Information gibt es schon."
    )


async def test_moving_a_field_changes_the_order_everywhere(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await bot.ask("ben", "/propose Kinderrechte-Flyer #information")
    await bot.ask("ben", "/propose Jugendforum #beteiligung")
    assert await bot.ask("anna", "/handlungsfelder verschieben Information 1") == (
        "Das Handlungsfeld Information steht jetzt an Position 1.\n1. Information\n"
        "2. Kindeswohlvorrang\n3. Kinderfreundliche Rahmenbedingungen\n4. Beteiligung"
    )
    assert "4. Kinderfreundliche Rahmenbedingungen" in await bot.ask("anna", "/fields move 3 4")
    assert (await bot.ask("ben", "/fields")).splitlines()[1:] == [
        "1. Information",
        "2. Kindeswohlvorrang",
        "3. Beteiligung",
        "4. Kinderfreundliche Rahmenbedingungen",
    ]
    # The numbers follow the new order; the action plan goes by it.
    assert "Handlungsfeld: Information" in await bot.ask("ben", "/fields 1")
    await bot.ask("anna", "/status 1 beschlossen")
    await bot.ask("anna", "/status 2 beschlossen")
    plan = await bot.ask("ben", "/plan")
    assert plan.index("Kinderrechte-Flyer") < plan.index("Jugendforum"), plan
    await bot.ask("anna", "/fields move 1 4")
    plan = await bot.ask("ben", "/plan")
    assert plan.index("Jugendforum") < plan.index("Kinderrechte-Flyer"), plan


async def test_bad_moves_get_a_reason(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert await bot.ask("ben", "/fields move 1 2") == (
        "Handlungsfelder anlegen, umbenennen, verschieben und entfernen kann nur die Koordination."
    )
    assert (
        await bot.ask("anna", "/fields move 1 9") == "Die neue Position ist eine Zahl von 1 bis 4."
    )
    assert (
        await bot.ask("anna", "/fields move 1 oben")
        == "Die neue Position ist eine Zahl von 1 bis 4."
    )
    assert "Ein Handlungsfeld Nummer 7 gibt es nicht" in await bot.ask("anna", "/fields move 7 1")
    assert "neue Position" in await bot.ask("anna", "/fields move")
    assert "zu lang" in await bot.ask("anna", "/fields move " + "x" * 5000 + " 1")
    assert "1. Kindeswohlvorrang" in await bot.ask("anna", "/fields")  # nothing changed


async def test_removing_by_number_twice_removes_one_field_not_two(bot: Bot) -> None:
    """The numbers shift after a removal: a second "/fields remove 2" names the next field."""
    await bot.group_with(ben="member")
    first = (await bot.say("anna", "/fields remove 2"))[0].reply
    assert first.text == "Das Handlungsfeld Kinderfreundliche Rahmenbedingungen entfernen?"
    button = first.choices[0]
    assert button.label == "Kinderfreundliche Rahmenbedingungen entfernen"
    assert [s.reply.text for s in await bot.press("ben", button.action)] == [
        "Handlungsfelder anlegen, umbenennen, verschieben und entfernen kann nur die Koordination."
    ]
    assert [s.reply.text for s in await bot.press("anna", button.action)] == [
        "Handlungsfeld Kinderfreundliche Rahmenbedingungen entfernt."
    ]
    assert [s.reply.text for s in await bot.press("anna", button.action)] == [
        "Dieses Handlungsfeld ist schon entfernt."
    ]
    # The same command again asks about the field that is number 2 now, and waits.
    again = (await bot.say("anna", "/fields remove 2"))[0].reply
    assert again.text == "Das Handlungsfeld Beteiligung entfernen?"
    assert await bot.ask("ben", "/fields") == (
        "Handlungsfelder von Musterstadt:\n1. Kindeswohlvorrang\n2. Beteiligung\n3. Information"
    )
    # By name it goes at once: a name cannot shift.
    assert (
        await bot.ask("anna", "/fields remove Information") == "Handlungsfeld Information entfernt."
    )


async def test_a_field_is_named_by_its_number_as_fields_lists_it(bot: Bot) -> None:
    """/fields numbers them, so coordinators type the number: feld=2, #3, a round's #4."""
    await bot.group_with(ben="member")
    await bot.ask("ben", "/propose Spielplatz am Bach")
    answer = await bot.ask("anna", "/bearbeite 1 feld=2")
    assert "Nichts wurde geändert" not in answer, answer
    assert "Handlungsfeld: Kinderfreundliche Rahmenbedingungen" in await bot.ask("ben", "/show 1")
    assert "ist vorgeschlagen" in await bot.ask("ben", "/propose Jugendforum #3")
    assert "Handlungsfeld: Beteiligung" in await bot.ask("ben", "/show 2")
    listed = await bot.ask("ben", "/massnahmen #3")
    assert "Jugendforum" in listed and "Spielplatz" not in listed, listed
    assert await bot.ask("anna", "/bearbeite 1 feld=9") == (
        "Nichts wurde geändert:\n"
        "• feld: Ein Handlungsfeld Nummer 9 gibt es nicht; /handlungsfelder zeigt sie."
    )
    # A number before the field is part of the title, not a second field.
    assert "ist vorgeschlagen" in await bot.ask("ben", "/propose Wir sind #1 #beteiligung")
    shown = await bot.ask("ben", "/show 3")
    assert shown.startswith("3. Wir sind #1\n") and "Handlungsfeld: Beteiligung" in shown


async def test_an_english_tag_finds_the_template_field_by_its_english_name(bot: Bot) -> None:
    await bot.group_with(ben="member", cleo="youth")
    await bot.ask("cleo", "/propose Skatepark", chat="dm")
    await bot.ask("anna", "/lang en")
    # Before: "There is no field of action “participation”."
    assert "(field of action: Participation)" in await bot.ask("anna", "/accept 1 #participation")
    assert "Field of action: Participation" in await bot.ask("ben", "/show 1")
    await bot.ask("ben", "/propose Kids' council #best interests of the child")
    assert "Field of action: Best interests of the child" in await bot.ask("ben", "/show 2")
    assert await bot.ask("ben", "/fields particip") == "Field of action: Participation"
    # Its own name comes first; a field renamed has no English name.
    await bot.ask("anna", "/fields rename Beteiligung Mitwirkung")
    assert "There is no field of action “participation”" in await bot.ask(
        "ben", "/propose Youth forum #participation"
    )
