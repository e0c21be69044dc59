"""An English-speaking steering group (/lang en): replies read as English, not as German
put word for word into English."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.harness import Bot, invite_code


async def _english_group(bot: Bot) -> None:
    await bot.ask("anna", "/setup Twinville programme=custom")
    await bot.ask("anna", "/lang en")


async def test_roles_are_named_without_a_missing_article(bot: Bot) -> None:
    """'You are now in … as member', 'you are member', 'Tom is now member' read as broken
    English; the role stands as a role."""
    await _english_group(bot)
    code = await bot.invite("anna", "member")
    assert [s.reply.text for s in await bot.say("tom", f"/join {code}", chat="dm")] == [
        "Welcome, Tom! You are now in the steering group Twinville (role: member).\n"
        "What is going on: /digest · what you can do: /help",
        "Tom has joined the steering group (role: member).",
    ]
    assert "You joined Twinville with this code already; your role there: member." in (
        await bot.ask("tom", f"/join {code}", chat="dm")
    )
    assert await bot.ask("tom", "/invite member") == (
        "/invite is only for: coordinator. Your role: member."
    )
    assert (await bot.ask("anna", "/role tom observer")).startswith(
        "Tom now has the role guest (was: member).\n"
    )
    assert await bot.ask("anna", "/role tom guest") == "Tom already has the role guest."
    sent = await bot.say("anna", "/role tom coordinator")
    told = next(s.reply.text for s in sent if s.chat.chat_id == "dm:tom")
    assert told.startswith("In the steering group Twinville your role is now: coordinator.")


async def test_examples_name_an_office_in_english(bot: Bot) -> None:
    """The German example office (Jugendamt) stays in German help only."""
    await _english_group(bot)
    answer = await bot.ask("anna", "/help edit")
    assert "(e.g. office=Youth Office cost=1500 due=in 2 weeks)" in answer
    assert "Jugendamt" not in answer
    await bot.ask("anna", "/propose Youth café")
    assert "Youth Office" in await bot.ask("anna", "/edit 1 office=Youth Office cost=1500")


async def test_a_youth_representative_whose_name_is_hidden_is_a_youth_representative(
    bot: Bot,
) -> None:
    """The pseudonym stands for a person ("Proposed by: …"): the German "Jugendvertretung"
    is a youth representative in English, not "Youth representation"."""
    await _english_group(bot)
    code = await bot.invite("anna", "youth")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/idea Skate park", chat="dm")
    assert "1. Skate park · Youth representative\n" in await bot.ask("anna", "/queue")
    await bot.ask("anna", "/accept 1")
    assert (await bot.ask("anna", "/show 1")).endswith("\nProposed by: Youth representative")
    assert "Youth representation" not in await bot.ask("lea", "/help", chat="dm")
    # Her privacy notice and /anonymous name the pseudonym as the group sees it.
    privacy = await bot.ask("lea", "/privacy", chat="dm")
    assert "because you are under 16, it sees “Youth representative” instead." in privacy
    await bot.ask("lea", "/showname on", chat="dm")
    await bot.ask("lea", "/anonymous off", chat="dm")
    assert "“Youth representative” instead" in await bot.ask("lea", "/anonymous", chat="dm")


async def test_dates_are_shown_with_the_month_as_a_word(bot: Bot) -> None:
    """An ISO "2027-12-15" reads as a database's date and "12/15/2027" means another day in London
    than in New York; "15 Dec 2027" reads alike to every English reader."""
    await _english_group(bot)
    await bot.ask("anna", "/propose Bench")
    assert await bot.ask("anna", "/due 1 2027-12-15") == "Measure 1 “Bench” is due on 15 Dec 2027."
    assert "\nDue: 15 Dec 2027" in await bot.ask("anna", "/show 1")
    history = await bot.ask("anna", "/history 1")
    assert "\n11 Jan 2027 10:00 · Anna · Due: — → 15 Dec 2027" in history
    await bot.ask("anna", "/sprache de")
    assert "Frist: 15.12.2027" in await bot.ask("anna", "/zeige 1")


async def test_slashed_dates_are_read_when_only_one_day_fits(bot: Bot) -> None:
    await _english_group(bot)
    await bot.ask("anna", "/propose Bench")
    assert await bot.ask("anna", "/due 1 15/12/2027") == "Measure 1 “Bench” is due on 15 Dec 2027."
    assert await bot.ask("anna", "/due 1 11/30/2027") == "Measure 1 “Bench” is due on 30 Nov 2027."
    assert (
        await bot.ask("anna", "/due 1 Dec 15, 2027") == "Measure 1 “Bench” is due on 15 Dec 2027."
    )
    assert await bot.ask("anna", "/due 1 03/04/2027") == (
        "“03/04/2027” could be 3 Apr 2027 or 4 Mar 2027. Please write the month as a word "
        "(3 Apr 2027) or the year first (2027-04-03)."
    )
    assert "\nDue: 15 Dec 2027" in await bot.ask("anna", "/show 1")  # nothing changed
    assert await bot.ask("anna", "/due 1 soonish") == (
        "I could not read “soonish” as a date. "
        "Examples: 15 Mar 2027, 2027-03-15, next Friday, in 2 weeks."
    )


async def test_a_german_group_reads_a_slashed_date_day_first(bot: Bot) -> None:
    await bot.ask("anna", "/einrichten Musterstadt programme=custom")
    await bot.ask("anna", "/vorschlag Bank")
    assert "03.04.2027" in await bot.ask("anna", "/frist 1 03/04/2027")
    assert "15.12.2027" in await bot.ask("anna", "/frist 1 12/15/2027")


async def test_an_unknown_field_is_answered_with_the_english_field_names(bot: Bot) -> None:
    await _english_group(bot)
    await bot.ask("anna", "/propose Bench")
    answer = await bot.ask("anna", "/edit 1 colour=green")
    assert answer == (
        "Nothing was changed:\n• colour: I don't know the field “colour”. Possible: title, "
        "description, field, origin, goal, office, contact, partners, start, end, due, cost, "
        "funding, secured, indicator, body, resolution_date, resolution, progress, cycle"
    )
    await bot.ask("anna", "/sprache de")
    assert "Möglich: titel, beschreibung, handlungsfeld," in await bot.ask(
        "anna", "/bearbeite 1 farbe=grün"
    )


async def test_budget_is_the_cost_estimate(bot: Bot) -> None:
    await _english_group(bot)
    await bot.ask("anna", "/propose Bench")
    assert await bot.ask("anna", "/edit 1 budget=1,500") == (
        "Measure 1 “Bench” changed:\n• Cost estimate: — → €1,500.00"
    )


async def test_the_youth_vote_counts_read_right_with_one_youth_representative(bot: Bot) -> None:
    """The old "1 of 1 youth representatives voted": the noun followed the votes, not the people."""
    await _english_group(bot)
    code = await bot.invite("anna", "youth")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("anna", "/propose Bench")
    await bot.ask("anna", "/propose Skate park")
    await bot.ask("anna", "/round approval 1 2")
    await bot.ask("lea", "/vote 1 1", chat="dm")
    result = await bot.ask("anna", "/close 1")
    assert "\nYouth vote: 1 of 1 eligible voted; not shown apart" in result
    assert "youth representatives voted" not in result


async def test_a_message_too_long_counts_its_characters_as_english_writes_numbers(
    bot: Bot,
) -> None:
    await _english_group(bot)
    assert await bot.ask("anna", "/propose " + "x" * 4500) == (
        "Your message is too long (4,509 characters). Please keep it under 4,000 characters."
    )
    await bot.ask("anna", "/sprache de")
    assert await bot.ask("anna", "/vorschlag " + "x" * 4500) == (
        "Ihre Nachricht ist zu lang (4.511 Zeichen). Bitte bleiben Sie unter 4.000 Zeichen."
    )


async def test_amounts_are_read_and_shown_as_english_writes_them(bot: Bot) -> None:
    await _english_group(bot)
    await bot.ask("anna", "/propose Bench")
    assert (await bot.ask("anna", "/edit 1 cost=1,500")).endswith("Cost estimate: — → €1,500.00")
    assert (await bot.ask("anna", "/edit 1 cost=1500.50")).endswith(
        "Cost estimate: €1,500.00 → €1,500.50"
    )
    assert "\nCost estimate: €1,500.50" in await bot.ask("anna", "/show 1")


async def test_a_round_closing_on_a_slashed_date_reads_it_or_asks_which_day(bot: Bot) -> None:
    await _english_group(bot)
    await bot.ask("anna", "/propose Bench")
    await bot.ask("anna", "/propose Tree")
    assert await bot.ask("anna", "/round approval 1 2 closes=03/02/2027 17:00") == (
        "“03/02/2027 17:00” could be 3 Feb 2027 or 2 Mar 2027. Please write the month as a word "
        "(3 Feb 2027) or the year first (2027-02-03)."
    )
    opened = await bot.ask("anna", "/round approval 1 2 closes=15/02/2027 17:00")
    assert "\nCloses: 15 Feb 2027 17:00." in opened


async def test_quiet_hours_are_read_as_english_speakers_write_them(bot: Bot) -> None:
    """ "quiet=10pm-7am" (before: "“10pm-7am” are not quiet hours.")."""
    await bot.group_with(sam="member")
    await bot.ask("sam", "/lang en", chat="dm")
    assert "• Quiet hours: 22:00–07:00" in await bot.ask(
        "sam", "/reminders quiet=10pm-7am", chat="dm"
    )
    assert "• Quiet hours: 21:30–06:00" in await bot.ask(
        "sam", "/reminders quiet=9:30pm-6am", chat="dm"
    )


async def test_quiet_hours_not_read_are_refused_in_plain_english(bot: Bot) -> None:
    """Before: "“whenever” are not quiet hours.", a plural for one word typed."""
    await bot.group_with(sam="member")
    await bot.ask("sam", "/lang en", chat="dm")
    assert await bot.ask("sam", "/reminders quiet=whenever", chat="dm") == (
        "I could not read “whenever” as quiet hours. Give a start and an end time, for example "
        "20:00-07:00."
    )


async def test_next_month_is_due_at_its_end_in_english_and_german(bot: Bot) -> None:
    """A due date of "next month" or "nächsten Monat" is read as "February" is, on its last
    day (before: a month from today, 11 Feb); "next Friday" is the next Friday, and the answer
    names the day."""
    await _english_group(bot)
    await bot.ask("anna", "/propose Playground")
    assert await bot.ask("anna", "/due 1 next month") == (
        "Measure 1 “Playground” is due on 28 Feb 2027."
    )
    assert await bot.ask("anna", "/due 1 next Friday") == (
        "Measure 1 “Playground” is due on 15 Jan 2027."
    )
    await bot.ask("anna", "/lang de")
    assert await bot.ask("anna", "/frist 1 nächsten Monat") == (
        "Maßnahme 1 „Playground“ ist fällig am 28.02.2027."
    )


async def test_the_role_that_reads_along_is_a_guest_in_every_english_text(bot: Bot) -> None:
    """English said "observer" in some answers and "guest" in others for one role (German:
    Gast); it is a guest everywhere now, and "/invite guest" is understood as "observer" is."""
    await _english_group(bot)
    invited = await bot.ask("anna", "/invite guest")
    assert invited.startswith("Invite code for one guest: "), invited
    code = await bot.invite("anna", "observer")
    assert "(role: guest)" in await bot.ask("otto", f"/join {code}", chat="dm")
    assert "Guest: Otto" in await bot.ask("anna", "/members")
    assert await bot.ask("otto", "/propose Skatepark") == (
        "As a guest you read along and propose nothing yourself. Have an idea? Ask a member or "
        "a coordinator to propose it."
    )
    assert await bot.ask("otto", "/invite member") == (
        "As a guest you read along; /invite is for: coordinator."
    )
    await bot.ask("anna", "/propose Playground")
    await bot.ask("anna", "/round approval 1")
    assert await bot.ask("otto", "/vote 1 1") == (
        "As a guest you read along; /vote is for: coordinator, member, youth representative."
    )
    assert await bot.ask("anna", "/role Otto visitor") == (
        "Unknown role “visitor”. Possible: coordinator, member, youth, guest.\n"
        "Usage: /role <member> coordinator|member|youth|guest"
    )
    for command in ("/help invite", "/help role"):
        shown = await bot.ask("anna", command)
        assert "youth|guest" in shown and "observer" not in shown, shown


async def test_overdue_measures_read_as_english_in_the_list_and_the_report(bot: Bot) -> None:
    """Before: "due since 13 Jan 2027", "milestone draft since 12 Jan 2027" and "Status report
    Twinville since …", German put word for word into English."""
    await _english_group(bot)
    await bot.ask("anna", "/propose Playground")
    await bot.ask("anna", "/due 1 13 Jan 2027")
    await bot.ask("anna", "/milestone 1 12.1.2027 draft")
    bot.clock.advance(timedelta(days=5))  # Saturday 16 Jan 2027
    listed = await bot.ask("anna", "/measures overdue")
    assert "1. Playground · proposed · overdue since 13 Jan 2027" in listed, listed
    report = await bot.ask("anna", "/report")
    assert report.startswith("Status report for Twinville since "), report
    assert (
        "• 1. Playground: overdue since 13 Jan 2027; milestone “draft” missed on 12 Jan 2027"
    ) in report, report


async def test_the_fields_stored_with_a_proposal_are_named_in_lower_case(bot: Bot) -> None:
    """Before: "Stored with it: Due, Cost estimate", and in the report "Created; Due — → …":
    German capitalises its nouns, English not in the middle of a sentence."""
    await _english_group(bot)
    answer = await bot.ask("anna", "/propose Skatepark due=30.06.2027 cost=15000")
    assert answer == (
        "Measure 1 “Skatepark” is proposed.\nFields stored with it: due, cost estimate"
    ), answer
    report = await bot.ask("anna", "/report")
    assert "• 1. Skatepark: created; due — → 30 Jun 2027; cost estimate — → €15,000.00" in (
        report
    ), report
    # /show and /history keep the label at the start of a line.
    assert "\nDue: 30 Jun 2027" in await bot.ask("anna", "/show 1")


async def test_binding_the_youth_chat_of_an_english_group_is_answered_in_english(
    bot: Bot,
) -> None:
    """The new youth chat had no language of its own yet and answered /bind youth in the
    default German, though it follows the group's English from then on."""
    await _english_group(bot)
    answer = await bot.ask("anna", "/bind youth", chat="youth")
    assert answer.startswith("This chat is now the youth chat of Twinville. Ideas written here "), (
        answer
    )
    assert "Jugendchat" not in answer


async def test_the_programme_fields_are_named_in_english_and_found_by_either_name(
    bot: Bot,
) -> None:
    """Before: an English group read the Kinderfreundliche Kommune's fields in German
    ("Beteiligung") in /fields, lists, /show, the plan and the report."""
    await bot.ask("anna", "/setup Twinville programme=kfk")
    await bot.ask("anna", "/lang en")
    assert "\n1. Best interests of the child\n2. Child-friendly framework conditions\n" in (
        await bot.ask("anna", "/fields")
    )
    assert await bot.ask("anna", "/propose Skate park #participation") == (
        "Measure 1 “Skate park” is proposed (field of action: Participation)."
    )
    assert await bot.ask("anna", "/propose Bench #beteil") == (
        "Measure 2 “Bench” is proposed (field of action: Participation)."
    )
    assert "(field of action: Child-friendly framework conditions)" in await bot.ask(
        "anna", "/propose Tree #Kinderfreundliche Rahmenbedingungen"
    )
    assert (await bot.ask("anna", "/measures #beteiligung")).startswith(
        "2 measures in the field of action Participation:"
    )
    assert "\nField of action: Participation\n" in await bot.ask("anna", "/show 1")
    assert "Field of action: Participation → Best interests of the child" in await bot.ask(
        "anna", "/edit 2 field=best interests"
    )
    assert "field of action Participation → Best interests of the child" in await bot.ask(
        "anna", "/report"
    )
    await bot.ask("anna", "/status 1 adopted")
    assert "\nParticipation\n" in await bot.ask("anna", "/plan")
    sent = await bot.say("anna", "/plan export csv")
    assert ";Participation;" in sent[0].reply.attachments[0].data.decode("utf-8-sig")
    assert "There is no field of action “sport”. Choose one of: Best interests of the child · " in (
        await bot.ask("anna", "/fields sport")
    )
    await bot.ask("anna", "/lang de")
    assert "\nHandlungsfeld: Beteiligung\n" in await bot.ask("anna", "/zeige 1")
    assert "\n3. Beteiligung\n" in await bot.ask("anna", "/handlungsfelder")


GERMAN_WORDS = re.compile(
    r"\b(Maßnahmen?|Massnahmen?|Frist|Runde|Koordination|Koordinator\w*|Mitglied\w*|"
    r"Jugendvertretung|Gast|Beobachter|Vorschlag|Abstimmung|Steuerungsgruppe|fällig|erledigt|"
    r"Handlungsfeld\w*|Sie|Ihre?|bitte|und|oder|Tagesordnung|Erinnerung\w*|Sitzung|"
    r"vorgeschlagen|priorisiert|beschlossen|umgesetzt|verworfen)\b"
    r"|/(vorschlag|stand|abstimmen|zuweisen|frist|hilfe|einladen|beitreten|runde|ergebnis|"
    r"bericht|aktionsplan|meineideen|zeige|bearbeite|meilenstein|erinnerungen|uebersicht|"
    r"tagesordnung|datenschutz|meinedaten|schliessen|priorisieren|annehmen|ablehnen)\b"
)


def _german_in(texts: list[str]) -> list[str]:
    """The German words in ``texts``, leaving out the "Also:" line of /help <command> that
    names the German spellings of a command on purpose."""
    found = []
    for text in texts:
        for line in text.splitlines():
            if not line.startswith("Also: "):
                found += [f"{m.group(0)!r} in {line!r}" for m in GERMAN_WORDS.finditer(line)]
    return found


async def test_a_month_of_an_english_group_reads_no_german_word(bot: Bot) -> None:
    """A month of an English-speaking group, its guest and a youth representative of 15 in
    the youth chat: no German word left over in any reply, notice or nudge."""
    await bot.ask("anna", "/setup Twinville programme=fgk")
    texts = [s.reply.text for s in await bot.say("anna", "/lang en")]

    async def said(user: str, text: str, chat: str = "group") -> str:
        sent = await bot.say(user, text, chat)
        texts.extend(s.reply.text for s in sent)
        return "\n\n".join(s.reply.text for s in sent)

    for user, role in (("ben", "member"), ("cara", "member"), ("press", "guest")):
        await said(user, f"/join {invite_code(await said('anna', f'/invite {role}'))}", "dm")
    await said("anna", "/bind youth", "youth")
    await said("tim", f"/join {invite_code(await said('anna', '/invite youth'))}", "youth")
    texts.extend(s.reply.text for s in await bot.press("tim", "age:under16", chat="dm:tim"))
    script = [
        ("anna", "/propose Skatepark | A place to skate #1 due=30.06.2027 cost=15000", "group"),
        ("ben", "/propose Bike lanes due=in 2 weeks cost=2000", "group"),
        ("cara", "/propose Library hours contact=library@twinville.example", "dm:cara"),
        ("tim", "/idea More benches in the park", "youth"),
        ("anna", "/queue", "group"),
        ("anna", "/accept 1 #1", "group"),
        ("anna", "/assign 2 ben", "group"),
        ("anna", "/milestone 1 in 10 days Plans ready", "group"),
        ("anna", "/round approval all closes=in 3 days", "group"),
        ("ben", "/vote 1 1 2", "group"),
        ("tim", "/vote 1 4", "youth"),
        ("press", "/vote 1 1", "group"),
        ("anna", "/close 1 now", "group"),
        ("anna", "/round ranked 1 2 4", "group"),
        ("ben", "/vote 2 2>1>4", "group"),
        ("tim", "/vote 2 4>1", "youth"),
        ("anna", "/close 2 now", "group"),
        ("anna", "/results 2", "group"),
        ("anna", "/shortlist 2 top=2", "group"),
        ("anna", "/status 1 adopted", "group"),
        ("anna", "/status 2 in progress", "group"),
        ("anna", "/status 3 dropped too expensive", "group"),
        ("anna", "/status 3 somewhere", "group"),
        ("tim", "/myideas", "youth"),
        ("ben", "/myideas", "dm:ben"),
        ("press", "/propose Something", "group"),
        ("anna", "/reminders meeting every 2nd tuesday 17:00", "group"),
    ]
    for user, text, chat in script:
        await said(user, text, chat)
    for _ in range(10):  # a month, three days at a time, with the nudges it brings
        bot.clock.advance(timedelta(days=3))
        await bot.app.reminders.sweep(bot.clock.now())
        texts.extend(s.reply.text for s in bot.adapter.pop())
    for user, text, chat in [
        ("anna", "/digest", "group"),
        ("anna", "/agenda", "group"),
        ("anna", "/report", "group"),
        ("anna", "/plan", "group"),
        ("anna", "/history 1", "group"),
        ("ben", "/reminders", "dm:ben"),
        ("press", "/reminders", "dm:press"),
        ("press", "/privacy", "dm:press"),
        ("tim", "/privacy", "dm:tim"),
        ("tim", "/mydata", "dm:tim"),
        ("anna", "/help", "group"),
        ("tim", "/help", "youth"),
        ("anna", "/help round", "group"),
        ("anna", "/help propose", "group"),
        ("anna", "/help reminders", "group"),
        ("anna", "/propose", "group"),
        ("anna", "/stats", "group"),
    ]:
        await said(user, text, chat)
    assert "Fields stored with it: due, cost estimate" in "\n".join(texts)
    assert "\n   due 30 Jun 2027\n   Cost estimate: €15,000.00" in "\n".join(texts)  # /plan
    assert "• Measure 2 “Bike lanes”: overdue since 25 Jan 2027" in "\n".join(texts)  # missed
    assert not _german_in(texts), _german_in(texts)


async def test_the_state_for_public_holidays_is_named_in_english(bot: Bot) -> None:
    """Before: "State for public holidays: NW (Nordrhein-Westfalen)" in an English group."""
    await _english_group(bot)
    answer = await bot.ask("anna", "/reminders group state=NRW")
    assert "• State for public holidays: NW (North Rhine-Westphalia)" in answer, answer
    await bot.ask("anna", "/reminders group state=Berlin")
    assert "• State for public holidays: BE (Berlin)" in await bot.ask("anna", "/reminders")
