"""Setting up a group, inviting, joining, proposing, listing and showing measures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.memory import MemoryAdapter
from bot.i18n import load_catalogs
from storage.models import Membership
from tests.harness import Bot, make_app, settings_for, start_clock


async def test_setup_makes_caller_coordinator_with_kfk_fields(bot: Bot) -> None:
    answer = await bot.ask("anna", "/setup Musterstadt")
    assert "Steuerungsgruppe Musterstadt (Kinderfreundliche Kommune)" in answer
    for field in (
        "Kindeswohlvorrang",
        "Kinderfreundliche Rahmenbedingungen",
        "Beteiligung",
        "Information",
    ):
        assert field in answer
    assert "Mitglied" not in (await bot.ask("anna", "/mitglieder")).split("Koordination")[0][20:]
    assert "Koordination: Anna" in await bot.ask("anna", "/members")


async def test_setup_fgk_has_its_six_fields_and_optional_modules(bot: Bot) -> None:
    await bot.ask("anna", "/einrichten Familienstadt programm=fgk")
    answer = await bot.ask("anna", "/handlungsfelder")
    assert "Wohnumfeld und Lebensqualität" in answer
    assert "Familienzeitpolitik (optional)" in answer


async def test_setup_custom_fields(bot: Bot) -> None:
    await bot.ask("anna", '/setup Kleinstadt programme=custom fields="Spielen;Lernen;Wohnen"')
    assert "Lernen" in await bot.ask("anna", "/fields")
    assert "Handlungsfeld: Wohnen" in await bot.ask("anna", "/fields wohn")


async def test_setup_fields_with_spaces_need_no_quotes(bot: Bot) -> None:
    """The list runs to the next option: its words are not added to the group's name."""
    answer = await bot.ask(
        "anna", "/setup Twinville programme=custom fields=Youth exchange;Culture;Sport"
    )
    assert answer.startswith("Die Steuerungsgruppe Twinville (eigenes Programm) ist")
    assert "• Youth exchange\n• Culture\n• Sport\n" in answer
    await bot.ask(
        "bea", "/setup Zwei Städte fields=Jugend und Freizeit;Kultur programm=custom", chat="other"
    )
    assert "1. Jugend und Freizeit\n2. Kultur" in await bot.ask("bea", "/fields", chat="other")


async def test_setup_with_the_fields_before_the_name_says_the_name_comes_first(bot: Bot) -> None:
    """ "/einrichten felder=Kultur;Sport Musterstadt": the list runs on, so the name would be a
    field; the answer says the order (before: "Es fehlt noch: Name der Kommune"), and no group
    is made."""
    answer = await bot.ask("anna", "/einrichten felder=Kultur;Sport Musterstadt")
    assert answer.startswith(
        "Der Name der Kommune kommt zuerst, die Handlungsfelder danach: /einrichten <Name der "
        "Kommune> felder=A;B;C"
    )
    assert "/einrichten" in await bot.ask("anna", "/propose Etwas")  # still no group here
    assert (await bot.ask("anna", "/einrichten")).startswith("Es fehlt noch: Name der Kommune.")
    # An option /einrichten does not take is refused, not made part of the town's name.
    assert (await bot.ask("anna", "/einrichten Musterstadt sprache=en")).startswith(
        "Die Angabe sprache= kenne ich nicht. Möglich: programm=, felder=\n"
    )
    assert "/einrichten" in await bot.ask("anna", "/propose Etwas")


async def test_a_name_starting_with_the_word_steering_group_does_not_say_it_twice(
    bot: Bot,
) -> None:
    """ "/einrichten Steuerungsgruppe Musterstadt": the texts say "die Steuerungsgruppe …"
    already (before: "Die Steuerungsgruppe Steuerungsgruppe Musterstadt …")."""
    answer = await bot.ask("anna", "/einrichten Steuerungsgruppe Musterstadt")
    assert answer.startswith("Die Steuerungsgruppe Musterstadt (Kinderfreundliche Kommune) ist")
    await bot.ask("anna", "/gruppe umbenennen steuerungsgruppe: KFK Musterstadt")
    assert "Steuerungsgruppe KFK Musterstadt" in await bot.ask("anna", "/gruppe")
    assert "Steuerungsgruppe Steuerungsgruppe" not in await bot.ask("anna", "/gruppe")
    # The word alone stays a name.
    assert "Die Steuerungsgruppe Steuerungsgruppe (" in await bot.ask(
        "bert", "/setup Steuerungsgruppe", chat="other"
    )


async def test_a_name_starting_with_the_programme_is_the_programme_and_the_town(
    bot: Bot,
) -> None:
    """ "/einrichten Kinderfreundliche Kommune Musterstadt": the group is Musterstadt in that
    programme (before: "Die Steuerungsgruppe Kinderfreundliche Kommune Musterstadt
    (Kinderfreundliche Kommune)"); another programme named is chosen."""
    answer = await bot.ask("anna", "/einrichten Kinderfreundliche Kommune Musterstadt")
    assert answer.startswith("Die Steuerungsgruppe Musterstadt (Kinderfreundliche Kommune) ist")
    answer = await bot.ask("bert", "/einrichten familiengerechte kommune: Familienstadt", chat="b")
    assert answer.startswith("Die Steuerungsgruppe Familienstadt (Familiengerechte Kommune) ist")
    assert "Familienzeitpolitik (optional)" in await bot.ask("bert", "/handlungsfelder", chat="b")
    # The programme's name alone stays the name; programme= naming another one keeps it too.
    answer = await bot.ask("cleo", "/setup Familiengerechte Kommune", chat="c")
    assert answer.startswith("Die Steuerungsgruppe Familiengerechte Kommune (Kinderfreundliche")
    answer = await bot.ask(
        "dora", "/setup Familiengerechte Kommune Nord programme=custom", chat="d"
    )
    assert answer.startswith("Die Steuerungsgruppe Familiengerechte Kommune Nord (eigenes")


async def test_a_new_name_starting_with_the_groups_programme_is_the_town(bot: Bot) -> None:
    """ "/gruppe umbenennen Kinderfreundliche Kommune Musterstadt" as /einrichten reads it
    (before: "Die Steuerungsgruppe heißt jetzt Kinderfreundliche Kommune Musterstadt");
    another programme's name stays part of the name, as with /setup programme=."""
    await bot.ask("anna", "/einrichten Musterdorf")
    assert await bot.ask("anna", "/gruppe umbenennen Kinderfreundliche Kommune Musterstadt") == (
        "Die Steuerungsgruppe heißt jetzt Musterstadt (vorher: Musterdorf)."
    )
    assert "heißt jetzt Neustadt (vorher" in await bot.ask(
        "anna", "/group rename steering group kinderfreundliche kommune: Neustadt"
    )
    assert "heißt jetzt Familiengerechte Kommune Nord (vorher" in await bot.ask(
        "anna", "/gruppe umbenennen Familiengerechte Kommune Nord"
    )
    assert "Kinderfreundliche Kommune" in await bot.ask("anna", "/programm")


async def test_setup_twice_in_same_chat_is_refused(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "gehört schon zur Steuerungsgruppe Musterstadt" in await bot.ask(
        "anna", "/setup Anderstadt"
    )


async def test_setup_in_direct_chat_is_refused(bot: Bot) -> None:
    """Someone with no group yet learns how one starts (before: "works in the group chat of
    your steering group, not here", which they do not have yet)."""
    assert await bot.ask("anna", "/setup Musterstadt", chat="dm") == (
        "/einrichten funktioniert im Gruppenchat: Fügen Sie mich dem Gruppenchat Ihrer "
        "Steuerungsgruppe hinzu (auf Telegram oder Matrix) und schreiben Sie dort "
        "/einrichten <Name der Stadt>."
    )


async def test_start_in_a_direct_chat_tells_someone_new_how_to_begin(bot: Bot) -> None:
    """/start (what Telegram sends first) from someone in no group: how a group is set up and
    how to join one; a member's /start does not repeat it."""
    new = "Neu hier? Um eine Steuerungsgruppe einzurichten, fügen Sie mich ihrem Gruppenchat hinzu"
    answer = await bot.ask("anna", "/start", chat="dm")
    assert new in answer
    assert "/einrichten <Name der Stadt>. Mit einem Einladungscode: /beitreten <Code>." in answer
    await bot.ask("anna", "/setup Musterstadt")
    assert new not in await bot.ask("anna", "/start", chat="dm")
    assert new not in await bot.ask("fremd", "/hilfe")  # a group chat: not there


async def test_start_typed_with_an_invite_code_says_how_to_join(bot: Bot) -> None:
    """/start k7x2-abcd (Telegram's first word, typed with the code that was passed on) is
    answered with the line that joins, not "/K7X2ABCD kenne ich nicht"; a word that is no code
    is still answered as an unknown command."""
    assert await bot.ask("tim", "/start k7x2-abcd", chat="dm") == (
        "Zum Beitreten mit diesem Code: /beitreten K7X2ABCD"
    )
    assert await bot.ask("tim", "/hilfe K7X2ABCD", chat="dm") == (
        "Zum Beitreten mit diesem Code: /beitreten K7X2ABCD"
    )
    assert "kenne ich nicht" in await bot.ask("tim", "/hilfe skatepark", chat="dm")


async def test_start_typed_with_a_word_that_is_no_code_welcomes(bot: Bot) -> None:
    """/start Kinderstadt (a town's name, or a code typed wrong) is answered as /start alone,
    after a line that it is no invite code (before: "/Kinderstadt kenne ich nicht")."""
    answer = await bot.ask("tim", "/start Kinderstadt", chat="dm")
    assert answer.startswith(
        "„Kinderstadt“ ist kein Einladungscode. Um einer Steuerungsgruppe beizutreten, fragen "
        "Sie deren Koordination nach dem Code und schreiben /beitreten <Code>.\n"
        "Das kann ich hier für Sie tun:\n"
    )
    assert "Neu hier?" in answer
    await bot.ask("tim", "/lang en", chat="dm")
    assert (await bot.ask("tim", "/start K7X2AB", chat="dm")).startswith(
        "“K7X2AB” is not an invite code. To join a steering group, ask its coordinators for "
        "the code and type /join <code>.\nWhat I can do for you here:\n"
    )
    # A command's name still explains it.
    assert (await bot.ask("tim", "/start join", chat="dm")).startswith("/join — ")


async def test_unknown_programme(bot: Bot) -> None:
    answer = await bot.ask("anna", "/setup Musterstadt programme=xyz")
    assert "Das Programm „xyz“ kenne ich nicht" in answer
    assert "nicht eine Steuerungsgruppe" not in await bot.ask("anna", "/help")


async def test_invite_and_join_youth(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", "/invite youth")
    assert "CODE0001" in answer and "Jugendvertretung" in answer and "18.01.2027" in answer
    joined = await bot.ask("lea", "/join CODE0001", chat="dm")
    assert "Willkommen, Lea" in joined and "Jugendvertretung" in joined
    # Until she says she is 16 or older, the group sees the pseudonym.
    assert "Jugendvertretung: 1 unter 16 (Name nicht angezeigt)" in await bot.ask(
        "anna", "/members"
    )
    await bot.press("lea", "age:16plus", chat="dm")
    assert "Jugendvertretung: Lea" in await bot.ask("anna", "/members")


async def test_coordinator_codes_only_in_a_direct_chat(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    refused = await bot.ask("anna", "/einladen Koordination")
    assert "Codes für die Koordination gebe ich nur im direkten Chat mit mir heraus" in refused
    assert "Schreiben Sie mir dort /einladen Koordination." in refused and "CODE" not in refused
    # Nobody reading the group chat got a code: the first code is made in the direct chat.
    answer = await bot.ask("anna", "/invite coordinator", chat="dm")
    assert "Einladungscode für eine Person als Koordination: CODE0001" in answer
    assert (
        "Geben Sie ihn selbst weiter; die Person schreibt /beitreten CODE0001 im Gruppenchat"
        in answer
    )
    assert "Willkommen, Ben" in await bot.ask("ben", "/join CODE0001", chat="dm")
    assert "Koordination: Anna, Ben" in await bot.ask("anna", "/members")
    # The other roles' codes are still given in the group chat.
    assert "CODE0002" in await bot.ask("anna", "/invite member")


async def test_invite_several_people_at_once(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert await bot.ask("anna", "/einladen mitglied 3") == (
        "3 Einladungscodes, jeder für eine Person als Mitglied:\nCODE0001\nCODE0002\nCODE0003\n"
        "Gültig bis 18.01.2027 10:00, jeder für eine Person. Jede Person schreibt "
        "/beitreten <Code> hier oder im direkten Chat mit mir."
    )
    for name, code in (("ben", "CODE0001"), ("lea", "CODE0002"), ("max", "CODE0003")):
        assert "Willkommen" in await bot.ask(name, f"/beitreten {code}", chat="dm")
    assert "schon benutzt" in await bot.ask("tom", "/beitreten CODE0002", chat="dm")
    assert "Mitglied: Ben, Lea, Max" in await bot.ask("anna", "/mitglieder")
    assert await bot.ask("anna", "/einladen mitglied 31") == (
        "Ich erstelle 1 bis 30 Einladungscodes auf einmal, jeden für eine Person. Für mehr "
        "Personen fragen Sie einfach noch einmal."
    )
    assert "Ich erstelle 1 bis 30" in await bot.ask("anna", "/einladen mitglied 0")
    assert "„²“ habe ich nicht verstanden" in await bot.ask("anna", "/einladen mitglied ²")
    # One code asked for by number reads as one code always did.
    assert "Einladungscode für eine Person als Mitglied: CODE0004" in await bot.ask(
        "anna", "/einladen mitglied 1"
    )
    assert "[Anzahl]" in await bot.ask("anna", "/hilfe einladen")


async def test_a_youth_code_says_where_the_youth_representative_types_it(bot: Bot) -> None:
    """ "/einladen jugend" in the steering chat: she is not in that chat, so "here" would send
    her to the wrong place (before: "Sie schreibt /beitreten … hier oder im direkten Chat",
    which also read as the formal "Sie")."""
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", "/einladen jugend")
    assert answer.endswith(
        "Geben Sie ihn selbst weiter; die Person schreibt /beitreten CODE0001 im direkten Chat "
        "mit mir."
    )
    assert "hier" not in answer
    await bot.ask("anna", "/bind youth", chat="jugend")
    answer = await bot.ask("anna", "/einladen jugend")
    assert answer.endswith(
        "die Person schreibt /beitreten CODE0002 im Jugendchat oder im direkten Chat mit mir."
    )
    assert "Gruppenchat" not in await bot.ask("anna", "/einladen jugend", chat="dm")
    assert (await bot.ask("anna", "/einladen jugend 2")).endswith(
        "sie schreibt /beitreten <Code> im Jugendchat oder im direkten Chat mit mir."
    )
    # In the youth chat "here" is right; a member's code in the steering chat too.
    assert "/beitreten CODE0006 hier oder im direkten Chat" in await bot.ask(
        "anna", "/einladen jugend", chat="jugend"
    )
    assert (await bot.ask("anna", "/einladen mitglied")).endswith(
        "Die Person schreibt /beitreten CODE0007 hier oder im direkten Chat mit mir."
    )


async def test_code_is_single_use(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    assert "schon benutzt" in await bot.ask("max", "/join CODE0001")


async def test_code_expires_after_seven_days(bot: Bot) -> None:
    from datetime import timedelta

    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/invite member")
    bot.clock.advance(timedelta(days=7, minutes=1))
    assert "abgelaufen" in await bot.ask("max", "/join CODE0001")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 1


async def test_a_coordinator_withdraws_a_code_that_went_astray(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.ask("anna", "/setup Musterstadt")
    leaked = await bot.invite("anna", "member")
    assert await bot.ask("anna", f"/einladen zurueckziehen {leaked.lower()}") == (
        f"Der Einladungscode {leaked} für eine Person als Mitglied ist zurückgezogen: Mit ihm "
        "kann niemand mehr beitreten."
    )
    assert await bot.ask("mia", f"/beitreten {leaked}", chat="dm") == (
        f"Der Code {leaked} wurde von der Koordination zurückgezogen. Bitte fragen Sie nach "
        "einem neuen."
    )
    assert "schon zurückgezogen" in await bot.ask("anna", f"/einladen zurückziehen {leaked}")
    # All open codes at once; a used or expired one has nothing to withdraw.
    used = await bot.invite("anna", "youth")
    await bot.ask("lea", f"/beitreten {used}")
    first, second = await bot.invite("anna", "member"), await bot.invite("anna", "observer")
    assert await bot.ask("anna", "/invite revoke all") == (
        f"Zurückgezogen: 2 offene Einladungscodes ({first}, {second}). Mit ihnen kann niemand "
        "mehr beitreten."
    )
    assert "zurückgezogen" in await bot.ask("lea", f"/beitreten {second}", chat="dm")
    assert await bot.ask("anna", "/einladen zurueckziehen alle") == (
        "Musterstadt hat keine offenen Einladungscodes."
    )
    assert "wurde schon benutzt" in await bot.ask("anna", f"/einladen zurueckziehen {used}")
    late = await bot.invite("anna", "member")
    bot.clock.advance(timedelta(days=7, minutes=1))
    assert "schon abgelaufen" in await bot.ask("anna", f"/einladen zurueckziehen {late}")
    # Another group's code is not this group's to withdraw, and stays valid.
    await bot.ask("otto", "/setup Nachbarstadt", chat="room2")
    theirs = await bot.invite("otto", "member", chat="room2")
    assert await bot.ask("anna", f"/einladen zurueckziehen {theirs}") == (
        f"Musterstadt hat keinen Einladungscode {theirs}. Bitte prüfen Sie ihn."
    )
    assert "Willkommen" in await bot.ask("max", f"/beitreten {theirs}", chat="dm")
    assert await bot.ask("anna", "/einladen zurueckziehen") == (
        "Es fehlt noch: Einladungscode oder alle.\nSo geht’s: /einladen "
        "koordination|mitglied|jugend|gast [Anzahl] · /einladen zurueckziehen <Code>|alle"
    )
    assert "/einladen dürfen nur: Koordination." in await bot.ask(
        "lea", f"/einladen zurueckziehen {late}"
    )
    assert "nicht verstanden" in await bot.ask("anna", "/einladen mitglied bitte")


async def test_unknown_code(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "nicht gültig" in await bot.ask("max", "/join NOPE1234")
    assert "Der Code NOPE1234 ist nicht gültig" in await bot.ask("max", "/join NOPE1234 danke")
    assert "Der Code NOPEABCD ist nicht gültig" in await bot.ask("max", "/join NOPE ABCD")


async def test_a_code_without_letters_or_digits_is_quoted_as_typed(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert await bot.ask("max", "/beitreten 👨‍👩‍👧", chat="dm") == (
        "„👨‍👩‍👧“ ist kein Einladungscode: Ein Code besteht aus Buchstaben und Ziffern "
        "(etwa K7X2ABCD). Bitte prüfen Sie, was Sie eingegeben haben, oder fragen Sie nach "
        "einem neuen Code."
    )
    answer = await bot.ask("max", "/join " + "🎉 " * 100)
    assert answer.startswith("„" + "🎉 " * 18 + "🎉…“ ist kein Einladungscode")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 1


async def test_a_code_with_words_after_it_or_typed_with_spaces_is_read(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    code = await bot.invite("anna", "member")
    assert "Willkommen" in await bot.ask("max", f"/beitreten {code} danke!")
    code = await bot.invite("anna", "member")
    assert "Willkommen" in await bot.ask("ben", f"/beitreten {code[:4]} {code[4:].lower()}")


async def test_joining_twice_keeps_code_for_someone_else(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/invite member")
    assert "schon in Musterstadt" in await bot.ask("anna", "/join CODE0001")
    assert "Willkommen, Max" in await bot.ask("max", "/join CODE0001")


async def test_a_code_of_another_group_is_not_used_in_this_groups_chat(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("otto", "/setup Beispielstadt", chat="bsp")
    code = await bot.invite("otto", "youth", "bsp")
    assert await bot.ask("mia", f"/beitreten {code}") == (
        "Dieser Code ist für die Steuerungsgruppe Beispielstadt, und dieser Chat gehört zu "
        "Musterstadt. Bitte schicken Sie ihn in unserem direkten Chat oder im Chat von "
        "Beispielstadt; "
        "er bleibt gültig."
    )
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 2
    assert "Willkommen" in await bot.ask("mia", f"/beitreten {code}", chat="dm")


async def test_only_coordinators_invite(bot: Bot) -> None:
    await bot.group_with(max="member")
    answer = await bot.ask("max", "/invite member")
    assert "/invite dürfen nur: Koordination" in answer and "Mitglied" in answer


async def test_stranger_is_told_how_to_join(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("fremd", "/propose Etwas")
    assert "nur Mitglieder der Steuerungsgruppe Musterstadt" in answer and "/beitreten" in answer
    assert "nur Mitglieder" in await bot.ask("fremd", "/measures")


async def test_unbound_chat_tells_how_to_set_up(bot: Bot) -> None:
    assert "/einrichten" in await bot.ask("anna", "/propose Etwas")


async def test_propose_numbers_per_group(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "Maßnahme 1 „Spielplatz“" in await bot.ask("anna", "/propose Spielplatz")
    assert "Maßnahme 2 „Jugendraum“" in await bot.ask("anna", "/vorschlag Jugendraum")
    await bot.ask("bert", "/setup Anderstadt", chat="other")
    assert "Maßnahme 1 „Radweg“" in await bot.ask("bert", "/propose Radweg", chat="other")


async def test_propose_with_description_and_field_prefix(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", "/propose Kinderrat gründen | monatlich im Rathaus #beteil")
    assert "Handlungsfeld: Beteiligung" in answer
    shown = await bot.ask("anna", "/show 1")
    assert (
        "Kinderrat gründen" in shown and "monatlich im Rathaus" in shown and "Beteiligung" in shown
    )


async def test_field_accent_and_case_insensitive(bot: Bot) -> None:
    await bot.ask("anna", "/setup Familienstadt programme=fgk")
    assert "Wohnumfeld und Lebensqualität" in await bot.ask("anna", "/propose Parkbank #WOHNUMFELD")
    assert "Beratung und Unterstützung" in await bot.ask(
        "anna",
        "/propose Lotsen #beratung-und-unterstutzung".replace("-", " ").replace(
            "#beratung und unterstutzung", "#beratung"
        ),
    )


async def test_ambiguous_and_unknown_field_list_the_fields(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    ambiguous = await bot.ask("anna", "/propose Spielplatz #kind")
    assert "mehreren Handlungsfeldern" in ambiguous and "Kindeswohlvorrang" in ambiguous
    unknown = await bot.ask("anna", "/propose Spielplatz #sport")
    assert unknown == (
        "Ein Handlungsfeld „sport“ gibt es nicht. Zur Auswahl: Kindeswohlvorrang · "
        "Kinderfreundliche Rahmenbedingungen · Beteiligung · Information. Die Koordination legt "
        "neue mit /handlungsfelder neu <Name> an."
    )
    assert "Keine Maßnahmen" in await bot.ask("anna", "/measures")


async def test_fields_with_a_comma_in_their_name_are_listed_apart_with_their_number(
    bot: Bot,
) -> None:
    """The FGK's "Familie und Arbeitswelt, Betreuung" has a comma of its own: a list joined by
    commas would read as three fields; the number that picks one stands beside it."""
    await bot.ask("anna", "/einrichten Familiengerechte Kommune Lindenfels")
    assert await bot.ask("anna", "/vorschlag Ferienbetreuung #Familie") == (
        "„Familie“ passt zu mehreren Handlungsfeldern: Familie und Arbeitswelt, Betreuung (#2) · "
        "Familienzeitpolitik (#10). Bitte schreiben Sie mehr vom Namen."
    )
    assert "Handlungsfeld: Familie und Arbeitswelt, Betreuung" in await bot.ask(
        "anna", "/vorschlag Ferienbetreuung #2"
    )
    unknown = await bot.ask("anna", "/vorschlag Ferienbetreuung #Sport")
    assert "Zur Auswahl: Steuerung, Vernetzung und Nachhaltigkeit · Familie und Arbeitswelt, " in (
        unknown
    )


async def test_two_fields_of_action_are_refused_not_half_taken(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    assert await bot.ask("anna", "/propose Skatepark #beteiligung #information") == (
        "Eine Maßnahme hat ein Handlungsfeld; Sie haben zwei genannt: Beteiligung und Information."
    )
    assert await bot.ask("lea", "/idee Skatepark #beteil | am Bahnhof #info", chat="dm") == (
        "Eine Maßnahme hat ein Handlungsfeld; du hast zwei genannt: Beteiligung und Information."
    )
    assert "Keine Maßnahmen" in await bot.ask("anna", "/measures")
    # A word with # that names no field stays part of the title.
    assert await bot.ask("anna", "/propose Tag der Kinderrechte #2027 #beteil") == (
        "Maßnahme 1 „Tag der Kinderrechte #2027“ ist vorgeschlagen (Handlungsfeld: Beteiligung)."
    )


async def test_youth_proposal_is_marked(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    assert "Warteschlange" in await bot.ask("lea", "/propose Skatepark")
    await bot.ask("anna", "/accept 1")
    assert "Jugendidee" in await bot.ask("anna", "/measures")


async def test_observer_cannot_propose_but_can_list(bot: Bot) -> None:
    await bot.group_with(otto="observer")
    await bot.ask("anna", "/propose Spielplatz")
    assert "Als Gast lesen Sie mit" in await bot.ask("otto", "/propose Etwas")
    assert "Spielplatz" in await bot.ask("otto", "/measures")


async def test_measures_filters(bot: Bot) -> None:
    await bot.group_with(max="member")
    await bot.ask("anna", "/propose Spielplatz #beteil")
    await bot.ask("max", "/propose Infobroschüre #info")
    assert "Infobroschüre" not in await bot.ask("anna", "/measures #beteil")
    mine = await bot.ask("max", "/massnahmen meine")
    assert "Infobroschüre" in mine and "Spielplatz" not in mine
    # The head says whose they are (before: "1 Maßnahme:", as the whole list is headed).
    assert mine.startswith("1 Maßnahme von Ihnen:\n")
    assert (await bot.ask("max", "/measures mine overdue")) == (
        "Keine Maßnahme passt zu diesen Filtern. /massnahmen zeigt alle."
    )
    await bot.ask("max", "/lang en", chat="dm")
    assert (await bot.ask("max", "/measures mine", chat="dm")).startswith("1 measure of yours:\n")
    assert "2 Maßnahmen" in await bot.ask("anna", "/measures status=vorgeschlagen")
    assert await bot.ask("anna", "/measures status=done") == (
        "Keine Maßnahme passt zu diesen Filtern. /massnahmen zeigt alle."
    )
    # A status or a field may be named without its option's name, or with feld=.
    await bot.ask("anna", "/stand 1 priorisiert")
    assert await bot.ask("anna", "/massnahmen priorisiert") == (
        "1 Maßnahme (priorisiert):\n\nBeteiligung\n1. Spielplatz"
    )
    assert "Spielplatz" not in await bot.ask("anna", "/massnahmen vorgeschlagen")
    assert await bot.ask("anna", "/massnahmen feld=Information") == (
        "1 Maßnahme im Handlungsfeld Information:\n2. Infobroschüre · vorgeschlagen"
    )
    assert "Den Status „halbfertig“ kenne ich nicht" in await bot.ask(
        "anna", "/measures status=halbfertig"
    )


async def test_show_unknown_and_malformed_id(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "Eine Maßnahme 99 gibt es" in await bot.ask("anna", "/show 99")
    assert await bot.ask("anna", "/show abc") == (
        "Keine Maßnahme passt zu „abc“. /massnahmen zeigt alle."
    )
    assert "„17“ habe ich nicht verstanden" in await bot.ask("anna", "/show 1 17")
    # Long words typed are quoted back cut at a word, marked as cut.
    long = "Spielplatz am Stadtpark " * 10
    assert await bot.ask("anna", f"/show {long}") == (
        "Keine Maßnahme passt zu „Spielplatz am Stadtpark Spielplatz am Stadtpark Spielplatz am "
        "Stadtpark…“. /massnahmen zeigt alle."
    )
    assert "Es fehlt noch: Nummer der Maßnahme." in await bot.ask("anna", "/show")
    assert "„99999999999“ ist als Nummer viel zu groß" in await bot.ask("anna", "/show 99999999999")


async def test_a_measure_is_found_by_words_of_its_title_or_description(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/propose Jugendraum im Rathaus")
    await bot.ask("anna", "/propose Spielplatz sanieren")
    await bot.ask("anna", "/propose Spielplatz am Bahnhof | mit Mülleimern und Bänken")
    # One measure fits: it is shown, as with its number.
    assert (await bot.ask("anna", "/zeige Jugendraum")).startswith(
        "1. Jugendraum im Rathaus\nStatus: vorgeschlagen"
    )
    assert (await bot.ask("anna", "/zeige muelleimer")).startswith("3. Spielplatz am Bahnhof")
    assert (await bot.ask("anna", "/zeige spielplatz bahnhof")).startswith("3. Spielplatz am")
    # Accents too, either way: a keyboard without "é" finds the Jugendcafé.
    await bot.ask("anna", "/propose Jugendcafé | Crêpes am Freitag")
    assert (await bot.ask("anna", "/zeige cafe")).startswith("4. Jugendcafé")
    assert (await bot.ask("anna", "/zeige crepes")).startswith("4. Jugendcafé")
    assert (await bot.ask("anna", "/zeige JUGENDCAFÉ")).startswith("4. Jugendcafé")
    # Several: which ones, and how to pick one.
    assert await bot.ask("anna", "/zeige Spielplatz") == (
        "Mehrere Maßnahmen passen zu „Spielplatz“:\n2. Spielplatz sanieren\n"
        "3. Spielplatz am Bahnhof\nZeigen Sie eine mit /zeige <Nummer>."
    )
    assert await bot.ask("anna", "/massnahmen spielplatz") == (
        "2 Maßnahmen:\n2. Spielplatz sanieren · vorgeschlagen\n"
        "3. Spielplatz am Bahnhof · vorgeschlagen"
    )
    assert await bot.ask("anna", "/massnahmen Kino") == (
        "Keine Maßnahme passt zu „Kino“. /massnahmen zeigt alle."
    )
    # Many: the first ten and how many more.
    for n in range(10):
        await bot.ask("anna", f"/propose Spielplatz {n}")
    assert (await bot.ask("anna", "/zeige Spielplatz")).endswith(
        "\n11. Spielplatz 6\n12. Spielplatz 7\n… und 2 weitere\n"
        "Zeigen Sie eine mit /zeige <Nummer>."
    )


async def test_measures_of_one_group_invisible_in_another(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/propose Geheimprojekt")
    await bot.ask("bert", "/setup Anderstadt", chat="other")
    assert "Geheimprojekt" not in await bot.ask("bert", "/measures", chat="other")
    assert "gibt es in dieser Gruppe nicht" in await bot.ask("bert", "/show 1", chat="other")


async def test_direct_chat_uses_persons_group(bot: Bot) -> None:
    await bot.group_with(max="member")
    assert "Maßnahme 1" in await bot.ask("max", "/propose Bolzplatz", chat="dm")
    assert "Bolzplatz" in await bot.ask("anna", "/measures")


async def test_help_lists_and_explains(bot: Bot) -> None:
    stranger = await bot.ask("anna", "/help")
    assert "/einrichten — " in stranger and "/vorschlag" not in stranger
    await bot.ask("anna", "/setup Musterstadt")
    coordinator = await bot.ask("anna", "/hilfe")
    assert "/einladen — " in coordinator and "/vorschlag — " in coordinator
    assert "/einrichten" not in coordinator and "/binden" not in coordinator  # done here
    assert "/binden — " in await bot.ask("anna", "/help", chat="youth")  # a chat to bind
    assert "/propose" not in coordinator  # German readers see the German names
    explained = await bot.ask("anna", "/help propose")
    assert explained.startswith("/vorschlag — ") and "So geht’s: /vorschlag <Titel>" in explained
    assert "Auch: /propose, /vorschlagen" in explained
    await bot.ask("anna", "/lang en")
    english = await bot.ask("anna", "/help")
    assert "/propose — " in english and "/vorschlag" not in english
    assert "Also: /vorschlag, /vorschlagen" in await bot.ask("anna", "/help vorschlag")


def test_german_usage_lines_use_the_german_names() -> None:
    from commands import build_registry

    german = load_catalogs()["de"].singular
    for command in build_registry():
        usage = german[command.usage]
        assert usage.startswith("/" + command.local_name("de")), (command.name, usage)


async def test_unknown_command_suggests_closest(bot: Bot) -> None:
    assert "Meinten Sie /propose?" in await bot.ask("anna", "/propse Spielplatz")
    assert "/xyzzy kenne ich nicht" in await bot.ask("anna", "/xyzzy")


async def test_unknown_command_suggests_what_its_argument_was_for(bot: Bot) -> None:
    """ "/maßnahme 1" meant one measure, not the list (before: "Meinten Sie /maßnahmen?");
    "/vorschläge" the list of proposals, not a new one (before: "Meinten Sie /vorschlagen?")."""
    await bot.ask("anna", "/setup Musterstadt")
    assert await bot.ask("anna", "/maßnahme 1") == (
        "/maßnahme kenne ich nicht. Meinten Sie /zeige 1? /hilfe zeigt alle Befehle."
    )
    assert "Meinten Sie /zeige 12?" in await bot.ask("anna", "/massnahme #12")
    assert "Meinten Sie /maßnahmen?" in await bot.ask("anna", "/maßnahme Spielplatz")
    for typed in ("/vorschläge", "/Vorschlaege", "/vorschlage"):
        assert "Meinten Sie /massnahmen vorgeschlagen?" in await bot.ask("anna", typed)
    await bot.ask("anna", "/lang en")
    assert "Did you mean /show 3?" in await bot.ask("anna", "/measure 3")
    assert "Did you mean /measures proposed?" in await bot.ask("anna", "/proposals")


async def test_done_or_take_with_a_measure_s_number_suggests_the_command_for_it(
    bot: Bot,
) -> None:
    """ "/erledigt 1" reports measure 1 done and "/übernehmen 1" takes it on: the answer
    writes out /stand and /zuweisen with the number (before: "/erledigt kenne ich nicht.")."""
    await bot.group_with(max="member", lea="youth")
    assert await bot.ask("max", "/erledigt 1") == (
        "/erledigt kenne ich nicht. Meinten Sie /stand 1 umgesetzt? /hilfe zeigt alle Befehle."
    )
    assert "Meinten Sie /zuweisen 2 ich?" in await bot.ask("max", "/übernehmen 2")
    # a youth representative may not assign: no line that refuses her
    assert "/zuweisen" not in await bot.ask("lea", "/übernehmen 2", chat="dm")
    await bot.ask("max", "/lang en", chat="dm")
    assert "Did you mean /status 3 done?" in await bot.ask("max", "/done 3", chat="dm")
    assert "Did you mean /assign 3 me?" in await bot.ask("max", "/take 3", chat="dm")


async def test_a_typo_is_answered_only_with_a_command_the_sender_may_use(bot: Bot) -> None:
    """A youth representative or a guest who mistypes /zuweisen is not offered it (she would be
    refused it next): the command is unknown, /hilfe lists hers (before: "Meinten Sie
    /zuweisen?"); nor are /stand, /zeige or the list of proposals to someone who may not."""
    await bot.group_with(max="member", lea="youth", gus="observer")
    assert "Meinten Sie /zuweisen?" in await bot.ask("max", "/zuweisn 1 ich", chat="dm")
    assert await bot.ask("lea", "/zuweisn 1 ich", chat="dm") == (
        "/zuweisn kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    assert await bot.ask("gus", "/zuweisn 1 ich", chat="dm") == (
        "/zuweisn kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    assert await bot.ask("gus", "/erledigt 1", chat="dm") == (
        "/erledigt kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    assert "Meinten Sie /stand 1 umgesetzt?" in await bot.ask("max", "/erledigt 1", chat="dm")
    # Someone not in the group is not offered the measures either, only what they may use.
    assert await bot.ask("zoe", "/maßnahme 1", chat="dm") == (
        "/maßnahme kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    assert "Meinten Sie /vorschlag?" in await bot.ask("zoe", "/vorschlg Park", chat="dm")


async def test_the_proposals_meant_by_someone_who_cannot_list_measures_are_their_own(
    bot: Bot,
) -> None:
    """In the youth chat someone who is no member may not list measures: "/vorschläge" points
    them to their own ideas (before: "/massnahmen vorgeschlagen", which refuses them)."""
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/bind youth", chat="jugend")
    answer = await bot.ask("tim", "/vorschläge", chat="jugend")
    assert (
        answer == "/vorschläge kenne ich nicht. Meintest du /meineideen? /hilfe zeigt alle Befehle."
    )
    refused = await bot.ask("tim", "/massnahmen vorgeschlagen", chat="jugend")
    assert refused.startswith("Das können nur Mitglieder der Steuerungsgruppe Musterstadt.")
    # A youth representative lists the group's proposals as members do.
    assert "Meintest du /massnahmen vorgeschlagen?" in await bot.ask(
        "lea", "/vorschläge", chat="dm"
    )


async def test_a_word_of_another_language_is_no_typo(bot: Bot) -> None:
    """A suggestion is a name close to what was typed, preferably in the chat's language;
    a German word that shares a few letters with an English name gets none."""
    await bot.group_with(lea="youth")
    assert await bot.ask("lea", "/stopp", chat="dm") == (
        "/stopp kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    assert await bot.ask("lea", "/hilfe eins", chat="dm") == (
        "/eins kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    assert "Meinten Sie /abstimmen?" in await bot.ask("anna", "/abstimen")
    # close to a German and an English name: the German one in a German chat
    assert "Meintest du /idee?" in await bot.ask("lea", "/ide Skatepark", chat="dm")
    await bot.ask("lea", "/lang en", chat="dm")
    assert "Did you mean /ideas?" in await bot.ask("lea", "/ide Skatepark", chat="dm")
    # /help of a typo explains the command meant at once
    assert (await bot.ask("lea", "/help remind", chat="dm")).startswith(
        "I don't know /remind; you probably mean:\n/reminders — "
    )


async def test_bang_prefix_and_botname_suffix(bot: Bot) -> None:
    await bot.ask("anna", "!setup Musterstadt")
    assert "Maßnahme 1" in await bot.ask("anna", "/propose@steerbot Spielplatz")
    assert "Maßnahme 2" in await bot.ask("anna", "!vorschlag Park")


async def test_lang_switches_group_and_person(bot: Bot) -> None:
    await bot.group_with(max="member")
    # The group's language reaches direct chats too, and the answer says so (a youth
    # representative's direct messages would otherwise switch without anyone knowing).
    assert await bot.ask("anna", "/lang en") == (
        "From now on I answer in English.\nThis is the group's language: also in the direct "
        "chats of everyone who has not chosen their own there (/lang de in a direct chat with me)."
    )
    assert "auf Deutsch." in await bot.ask("max", "/sprache de", chat="dm")
    assert "\n" not in await bot.ask("max", "/sprache de", chat="dm")  # his own: no such line
    assert "Measure 1 “Park” is proposed." in await bot.ask("anna", "/propose Park")
    refused = await bot.ask("max", "/sprache de")
    # The refusal says how to get what he wanted, by the name he typed, in the language he
    # asked for.
    assert (
        "Nur die Koordination" in refused and "im direkten Chat mit mir ein: /sprache de" in refused
    )
    assert "auf Deutsch" in await bot.ask("max", "/sprache de", chat="dm")
    assert "Maßnahme 2" in await bot.ask("max", "/propose Bank", chat="dm")
    assert "Possible languages" in await bot.ask("anna", "/lang fr")


async def test_lang_before_setup_is_answered_in_the_language_asked_for(bot: Bot) -> None:
    # Before: "Dieser Chat ist noch keine Steuerungsgruppe. …" to someone asking for English.
    assert await bot.ask("carl", "/lang en", chat="dorf") == (
        "This chat is not a steering group yet. A coordinator can set it up with /setup <name "
        "of the town> and then choose its language with /lang en."
    )
    assert await bot.ask("carl", "/sprache de", chat="dorf") == (
        "Dieser Chat ist noch keine Steuerungsgruppe. Die Koordination kann ihn mit /einrichten "
        "<Name der Kommune> einrichten und dann mit /sprache de seine Sprache wählen."
    )


async def test_lang_alone_names_the_language_and_how_to_change_it(bot: Bot) -> None:
    await bot.group_with(max="member", lea="youth")
    assert await bot.ask("lea", "/sprache", chat="dm") == (
        "Ich schreibe dir auf Deutsch. Ändern kannst du das mit /sprache en."
    )
    assert await bot.ask("anna", "/sprache") == (
        "In dieser Gruppe schreibe ich auf Deutsch. Ändern können Sie das mit /sprache en."
    )
    assert await bot.ask("max", "/sprache") == (
        "In dieser Gruppe schreibe ich auf Deutsch; ändern kann das die Koordination. Ihre "
        "eigene Sprache stellen Sie im direkten Chat mit mir ein: /sprache en."
    )
    await bot.ask("max", "/lang en", chat="dm")
    assert await bot.ask("max", "/lang", chat="dm") == (
        "I write to you in English. To change it: /lang de."
    )
    assert "Deutsch" in await bot.ask("anna", "/sprache", chat="dm")  # nothing was changed


async def test_plain_text_in_group_is_ignored_but_direct_gets_hint(bot: Bot) -> None:
    assert await bot.say("anna", "Hallo zusammen") == []
    assert "/hilfe" in await bot.ask("anna", "Hallo", chat="dm")
    # In the person's own language, and as "du" to a youth representative.
    await bot.group_with(max="member", lea="youth")
    await bot.press("lea", "age:under16", chat="dm")  # the age question is answered
    await bot.ask("max", "/lang en", chat="dm")
    assert await bot.ask("max", "Hello?", chat="dm") == (
        "Hello! What is going on: /digest · what you can do: /help"
    )
    assert await bot.ask("lea", "Hallo?", chat="dm") == (
        "Hallo! Was gerade ansteht: /uebersicht · was du tun kannst: /hilfe"
    )
    assert await bot.ask("max", "Is anyone there?", chat="dm") == (
        "I understand commands. Type /help to see them."
    )
    # A sentence of hers, not a greeting or a question, is likely an idea: how to send it.
    assert await bot.ask("lea", "Ich hätte gern einen  Skatepark", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe siehst du alle.\n"
        "Als Idee schickst du das so: /idee Ich hätte gern einen Skatepark"
    )
    assert "Als Idee" not in await bot.ask("lea", "Wie kann ich mitmachen?", chat="dm")
    # Her usage line speaks of her idea, in the group chat too; a member's of a title.
    assert await bot.ask("lea", "/idee", chat="dm") == (
        "Es fehlt noch: deine Idee.\nSo geht’s: /idee <deine Idee> [| mehr dazu]"
    )
    assert "So geht’s: /idee <deine Idee> [| mehr dazu]" in await bot.ask("lea", "/idee")
    # Only a "|" or quoted spaces: still her idea that is missing, not a "title".
    for typed in ("/idee |", '/idee " "', "/idee | nur eine Beschreibung"):
        assert await bot.ask("lea", typed, chat="dm") == (
            "Es fehlt noch: deine Idee.\nSo geht’s: /idee <deine Idee> [| mehr dazu]"
        ), typed
    assert (await bot.ask("anna", "/vorschlag |")).startswith("Es fehlt noch: Titel.")
    assert "So geht’s: /idee <deine Idee>" in await bot.ask("lea", "/hilfe idee", chat="dm")
    assert await bot.ask("anna", "/vorschlag") == (
        "Es fehlt noch: Titel.\nSo geht’s: /vorschlag <Titel> [| Beschreibung] [#Handlungsfeld] "
        "[Feld=Wert …]"
    )
    assert "Als Idee" not in await bot.ask("max", "Ich hätte gern einen Skatepark", chat="dm")
    long = "Ein Skatepark " + "mit Rampen " * 20
    assert (await bot.ask("lea", long, chat="dm")).endswith(
        "/idee Ein Skatepark mit Rampen mit Rampen mit Rampen mit Rampen mit Rampen mit…"
    )


async def test_refusals_name_the_command_as_it_was_typed(bot: Bot) -> None:
    await bot.group_with(max="member", lea="youth")
    assert "/warteschlange dürfen nur: Koordination" in await bot.ask("lea", "/warteschlange")
    assert "/queue dürfen nur: Koordination" in await bot.ask("lea", "/queue")
    # The refusal names exactly who may: coordination and members, not youth.
    await bot.group_with(otto="observer")
    assert await bot.ask("otto", "/warteschlange") == (
        "Als Gast lesen Sie mit; /warteschlange ist für: Koordination, Mitglied."
    )
    answer = await bot.ask("max", "/verknuepfen")
    assert answer.startswith("/verknuepfen funktioniert nur im direkten Chat mit mir.")
    assert "/einladen dürfen nur" in await bot.ask("max", "/einladen mitglied")
    assert "/mitglieder kennt keine Angabe x=" in await bot.ask("max", "/mitglieder x=1")
    assert "/members kennt keine Angabe x=" in await bot.ask("max", "/members x=1")


async def test_an_invite_says_until_when_as_the_chat_writes_dates(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    # The clock stands at 11 January 2027, 10:00 in Berlin; codes are valid for 7 days.
    assert "Gültig bis 18.01.2027 10:00" in await bot.ask("anna", "/invite member")
    await bot.ask("anna", "/lang en")
    assert "Valid until 18 Jan 2027 10:00" in await bot.ask("anna", "/invite member")


@pytest.mark.parametrize(
    ("lang", "shown"), [("de", "(eigenes Programm)"), ("en", "(own programme)")]
)
async def test_an_own_programme_is_named_in_the_groups_language(
    tmp_path: Path, lang: str, shown: str
) -> None:
    settings = settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://", STEERBOT_LANG=lang)
    app = make_app(settings, start_clock())
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        answer = await Bot(app, adapter, start_clock()).ask("anna", "/setup X programme=custom")
    assert shown in answer


async def test_fields_with_spaces_and_statuses_of_two_words_are_read_whole(bot: Bot) -> None:
    await bot.group_with(max="member")
    answer = await bot.ask("anna", "/propose Sportplatz #Kinderfreundliche Rahmenbedingungen")
    assert answer.startswith("Maßnahme 1 „Sportplatz“ ist vorgeschlagen"), answer
    await bot.ask("max", "/propose Bolzplatz | für alle #kinderfreundliche rahmen")
    await bot.ask("max", "/propose Aktion #1 für Kinder")  # no field of that name: the title
    assert "Kinderfreundliche Rahmenbedingungen" in await bot.ask("anna", "/show 2")
    assert (await bot.ask("anna", "/show 3")).startswith("3. Aktion #1 für Kinder\n")
    listed = await bot.ask("anna", "/massnahmen #Kinderfreundliche Rahmenbedingungen")
    assert "Sportplatz" in listed and "Bolzplatz" in listed and "Aktion" not in listed
    await bot.ask("anna", "/stand 1 beschlossen")
    await bot.ask("anna", "/stand 1 in Umsetzung")
    doing = await bot.ask("anna", "/massnahmen status=in Umsetzung")
    assert "Sportplatz" in doing and "Bolzplatz" not in doing
    both = await bot.ask("anna", "/massnahmen status=vorgeschlagen,in Umsetzung #kinderfreundliche")
    assert "Sportplatz" in both and "Bolzplatz" in both and "Aktion" not in both


async def test_help_lists_only_what_the_reader_can_use(bot: Bot) -> None:
    await bot.group_with(max="member", lea="youth", otto="observer")
    await bot.ask("anna", "/bind youth", chat="jugend")
    coordinator = await bot.ask("anna", "/hilfe")
    assert "/vorschlag — " in coordinator and "/sensibel — " in coordinator
    assert "/anonym — " not in coordinator and "/namezeigen — " not in coordinator
    member = await bot.ask("max", "/hilfe")
    assert "/vorschlag — " in member and "/sensibel" not in member  # reads it, cannot change it
    youth = await bot.ask("lea", "/hilfe", chat="dm")  # under 16 until she says otherwise
    assert "/vorschlag — " in youth and "/anonym — " in youth and "/namezeigen — " in youth
    guest = await bot.ask("otto", "/hilfe")
    assert "/vorschlag" not in guest and "/anonym" not in guest and "/sensibel" not in guest
    assert "/zeige — " in guest
    stranger = await bot.ask("zoe", "/hilfe")  # in the steering chat without being a member
    assert "/vorschlag" not in stranger
    assert await bot.ask("zoe", "/meineideen") == "Sie haben in Musterstadt nichts vorgeschlagen."
    in_youth_chat = await bot.ask("zoe", "/hilfe", chat="jugend")  # where ideas are welcome
    assert "/vorschlag — " in in_youth_chat


async def test_a_command_without_its_slash_or_a_code_alone_gets_the_command_to_type(
    bot: Bot,
) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    assert await bot.ask("tim", "beitreten K7X2ABCD", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle.\n"
        "Befehle beginnen mit einem Schrägstrich: /beitreten K7X2ABCD"
    )
    assert await bot.ask("tim", "K7X2-ABCD.", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle.\n"
        "Zum Beitreten mit diesem Code: /beitreten K7X2ABCD"
    )
    # Not an idea "/idee idee Skatepark am Bahnhof", but the command she began.
    assert await bot.ask("lea", "idee Skatepark am Bahnhof", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe siehst du alle.\n"
        "Befehle beginnen mit einem Schrägstrich: /idee Skatepark am Bahnhof"
    )
    # A word that is no code (no digit), or a sentence, gets none of this.
    assert await bot.ask("tim", "Skatepark", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle."
    )


async def test_measures_overdue_lists_open_measures_past_their_due_date(bot: Bot) -> None:
    await bot.group_with(max="member")
    for title in ("Spielplatz", "Infobroschüre", "Jugendraum", "Bänke"):
        await bot.ask("anna", f"/propose {title}")
    await bot.ask("anna", "/frist 1 20.1.2027")
    await bot.ask("anna", "/frist 2 20.1.2027")
    await bot.ask("anna", "/frist 3 20.3.2027")
    await bot.ask("anna", "/stand 2 erledigt erzwingen")
    bot.clock.advance(timedelta(days=14))  # Monday 25 January
    assert await bot.ask("max", "/massnahmen überfällig") == (
        "1 überfällige Maßnahme:\n1. Spielplatz · vorgeschlagen · fällig seit 20.01.2027"
    )
    assert "1. Spielplatz" in await bot.ask("max", "/measures ueberfaellig")
    assert (await bot.ask("max", "/measures overdue")).startswith("1 überfällige Maßnahme:")
    assert await bot.ask("max", "/massnahmen überfällig vorgeschlagen") == (
        "1 überfällige Maßnahme (vorgeschlagen):\n1. Spielplatz · fällig seit 20.01.2027"
    )
    assert await bot.ask("max", "/massnahmen überfällig meine") == (
        "Keine Maßnahme passt zu diesen Filtern. /massnahmen zeigt alle."
    )
    assert "[überfällig]" in await bot.ask("max", "/hilfe massnahmen")


async def test_help_on_every_command_says_who_may_use_it(bot: Bot) -> None:
    await bot.group_with()
    assert "Wer: Koordination, Mitglied, Jugendvertretung\n" in (
        await bot.ask("anna", "/hilfe abstimmen") + "\n"
    )
    proposal = await bot.ask("anna", "/hilfe vorschlag")
    assert "Wer: Koordination, Mitglied, Jugendvertretung; im Jugendchat alle (als Idee)" in (
        proposal
    )
    assert "Wer: alle" in await bot.ask("anna", "/hilfe datenschutz")
    assert "Wer: Koordination" in await bot.ask("anna", "/hilfe umziehen")
    # Everyone may ask whether the group is sensitive; only coordinators switch it.
    assert "Wer: alle (nachsehen); Koordination (ein- und ausschalten)\n" in (
        await bot.ask("max", "/hilfe sensitiv") + "\n"
    )
    await bot.ask("max", "/lang en", chat="dm")
    assert "Who: everyone (to look); coordinators (to switch it on or off)\n" in (
        await bot.ask("max", "/help sensitive", chat="dm") + "\n"
    )
    # Every command has the line.
    for name in [c.name for c in bot.app.services.registry]:
        assert "\nWer: " in await bot.ask("anna", f"/hilfe {name}"), name


async def test_help_lists_join_to_newcomers_not_to_members(bot: Bot) -> None:
    """A member of the group reads no /beitreten in /hilfe (she is in already); someone not in
    it does, in the group chat and in a direct chat; /hilfe beitreten still explains it."""
    await bot.group_with(ben="member")
    for who, chat in (("anna", "group"), ("ben", "group"), ("ben", "dm")):
        assert "/beitreten —" not in await bot.ask(who, "/hilfe", chat=chat), (who, chat)
    for chat in ("group", "dm"):
        assert "/beitreten — " in await bot.ask("tim", "/hilfe", chat=chat), chat
    assert (await bot.ask("ben", "/hilfe beitreten")).startswith("/beitreten — ")
