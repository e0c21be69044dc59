"""/status transitions (refused, forced, notes kept) and the youth lane with its feedback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.events import ChatRef, UserRef
from storage.models import Measure
from storage.repo import lifecycle
from tests.harness import Bot
from tests.unit.scheduling.helpers import person_id


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await bot.group_with(max="member", lea="youth", otto="observer")
    await bot.press("lea", "age:16plus", chat="dm")  # else she is shown as the pseudonym
    await bot.ask("anna", "/propose Spielplatz #beteil")
    return bot


async def test_done_needs_adopted_or_in_progress(group: Bot) -> None:
    answer = await group.ask("max", "/status 1 umgesetzt")
    # Which step comes first, and the lines to type (before: "Möglich als Nächstes: …").
    assert answer == (
        "Maßnahme 1 kann nicht direkt von vorgeschlagen zu umgesetzt wechseln; vorher kommt "
        "beschlossen:\n/status 1 beschlossen\n/status 1 umgesetzt\n"
        "Eine Koordination kann „erzwingen“ anhängen."
    )
    answer = await group.ask("max", "/stand 1 umgesetzt Wegweiser ist online")
    assert "/stand 1 beschlossen\n/stand 1 umgesetzt Wegweiser ist online\n" in answer
    assert "Nur die Koordination kann einen Statuswechsel erzwingen" in await group.ask(
        "max", "/status 1 done force"
    )
    assert "vorgeschlagen → priorisiert" in await group.ask("max", "/status 1 priorisiert")
    assert "priorisiert → beschlossen" in await group.ask(
        "max", "/status 1 adopted Ratsbeschluss 12/2027"
    )
    # a status of two words, as people write it; the rest is the note
    moved = await group.ask("max", "/status 1 in Umsetzung seit Montag")
    assert "beschlossen → in Umsetzung" in moved and "Notiz: seit Montag" in moved
    assert "in Umsetzung → umgesetzt" in await group.ask(
        "max", "/status 1 done Eröffnet am Freitag"
    )
    assert "ist schon umgesetzt" in await group.ask("max", "/status 1 done")
    assert "kann nicht direkt" in await group.ask("max", "/status 1 in_progress")
    forced = await group.ask("anna", "/status 1 in_progress erzwingen Mängel gefunden")
    assert "umgesetzt → in Umsetzung" in forced and "Notiz: Mängel gefunden" in forced
    assert "ist schon in Umsetzung" in await group.ask("anna", "/status 1 in progress")
    assert "Den Status „in“ kenne ich nicht" in await group.ask("anna", "/status 1 in Ordnung")
    history = await group.ask("anna", "/history 1")
    assert "Status: priorisiert → beschlossen (Ratsbeschluss 12/2027)" in history
    assert "Status: umgesetzt → in Umsetzung (Mängel gefunden)" in history


async def test_a_report_on_a_measure_under_way_keeps_its_note_as_the_progress_note(
    group: Bot,
) -> None:
    """Someone reporting how a measure in progress is getting on types its status with a
    note; the note is kept as its progress note instead of being lost with a refusal."""
    await group.ask("anna", "/status 1 beschlossen")
    await group.ask("anna", "/status 1 in Umsetzung")
    answer = await group.ask("max", "/stand 1 in Umsetzung Räume angefragt", chat="dm")
    assert answer == "Maßnahme 1 „Spielplatz“ bleibt in Umsetzung. Sachstand: Räume angefragt"
    assert "Sachstand: Räume angefragt" in await group.ask("anna", "/zeige 1")
    assert "Sachstand: — → Räume angefragt" in await group.ask("anna", "/verlauf 1")
    # Without a note there is nothing to record.
    assert (
        await group.ask("max", "/stand 1 in Umsetzung")
        == "Maßnahme 1 ist schon in Umsetzung; es wurde nichts geändert."
    )
    # A youth representative may report on her own measure the same way.
    await group.ask("anna", "/zuweisen 1 lea")
    answer = await group.ask("lea", "/stand 1 in Arbeit Plakate hängen", chat="dm")
    assert answer == "Maßnahme 1 „Spielplatz“ bleibt in Umsetzung. Sachstand: Plakate hängen"


async def test_status_bad_input(group: Bot) -> None:
    assert "Den Status „halbfertig“ kenne ich nicht" in await group.ask(
        "anna", "/status 1 halbfertig"
    )
    assert "zu lang" in await group.ask("anna", "/status 1 priorisiert " + "x" * 1001)
    assert "Maßnahme 5 gibt es" in await group.ask("anna", "/status 5 priorisiert")
    assert "Als Gast lesen Sie mit; /status ist für" in await group.ask(
        "otto", "/status 1 priorisiert"
    )
    assert "Maßnahme 1 gehört nicht dazu" in await group.ask("lea", "/status 1 priorisiert")


async def test_a_youth_representative_reports_on_their_own_measure(group: Bot) -> None:
    """The nudges of a responsible youth representative ask for /status: on their own measure
    they may report it in progress or done; the rest stays the steering group's decision."""
    await group.ask("anna", "/status 1 beschlossen")
    await group.ask("anna", "/propose Radweg")
    await group.ask("anna", "/zuweisen 1 lea")
    assert "Maßnahme 2 gehört nicht dazu" in await group.ask("lea", "/stand 2 in Arbeit", chat="dm")
    refused = await group.ask("lea", "/stand 1 verworfen", chat="dm")
    assert refused.endswith(
        "Für deine Maßnahme kannst du „in Umsetzung“ oder „umgesetzt“ melden. Alles andere "
        "entscheidet die Steuerungsgruppe."
    )
    assert "beschlossen → in Umsetzung" in await group.ask("lea", "/stand 1 in Arbeit", chat="dm")
    assert "in Umsetzung → umgesetzt" in await group.ask("lea", "/stand 1 umgesetzt fertig")
    assert "Nur die Koordination kann" in await group.ask("lea", "/stand 1 in Arbeit erzwingen")
    assert "Status: in Umsetzung → umgesetzt (fertig)" in await group.ask("anna", "/verlauf 1")


async def test_a_youth_representative_does_not_report_on_a_postponed_measure(group: Bot) -> None:
    await group.ask("anna", "/status 1 verschoben")
    await group.ask("anna", "/zuweisen 1 lea")
    assert await group.ask("lea", "/stand 1 in Umsetzung", chat="dm") == (
        "Maßnahme 1 ist verschoben: Die Steuerungsgruppe entscheidet zuerst, ob es weitergeht. "
        "Danach kannst du dazu berichten."
    )
    assert "verschoben → in Umsetzung" in await group.ask("anna", "/stand 1 in Umsetzung")


async def test_youth_idea_goes_to_queue_then_becomes_measure(group: Bot) -> None:
    sent = await group.say("lea", "/vorschlag Skatepark | am Bahnhof #beteil", chat="dm")
    assert "Deine Idee „Skatepark“ ist jetzt bei der Steuerungsgruppe (Idee 1" in sent[0].reply.text
    assert "Skatepark" not in await group.ask("anna", "/measures")
    queue = await group.ask("max", "/warteschlange")
    assert (
        "1 Jugendidee wartet" in queue
        and "1. Skatepark · Lea · Beteiligung" in queue
        and "am Bahnhof" in queue
    )
    # A member reads the queue; the coordination decides.
    assert queue.endswith("Darüber entscheidet die Koordination (/annehmen oder /ablehnen).")
    assert "Entscheiden Sie mit /annehmen" in await group.ask("anna", "/warteschlange")
    assert "Ihre Rolle: Mitglied" in await group.ask("max", "/accept 1")
    sent = await group.say("anna", "/annehmen 1 #info")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert "Jugendidee 1 ist jetzt Maßnahme 2 „Skatepark“" in texts["group"]
    assert texts["dm:lea"] == (
        "Gute Nachricht: Die Steuerungsgruppe Musterstadt hat deine Idee „Skatepark“ aufgenommen. "
        "Sie ist jetzt Maßnahme 2."
    )
    listing = await group.ask("anna", "/measures")
    assert "Information\n2. Skatepark · vorgeschlagen · Jugendidee" in listing
    assert "Es warten keine" in await group.ask("anna", "/queue")
    assert "schon entschieden" in await group.ask("anna", "/accept 1")
    assert "keine Jugendidee 4" in await group.ask("anna", "/accept 4")


STEPS = [
    (
        "/status 2 priorisiert",
        "Gute Nachricht zu deiner Idee „Skatepark“: Die Steuerungsgruppe hat sie in die engere Wahl genommen.",
    ),
    (
        "/status 2 beschlossen",
        "Super Nachricht: Deine Idee „Skatepark“ ist beschlossen! Sie steht jetzt im Aktionsplan.",
    ),
    ("/status 2 in_umsetzung", "Es geht los: Deine Idee „Skatepark“ wird jetzt umgesetzt."),
    (
        "/status 2 verschoben",
        "Deine Idee „Skatepark“ wurde verschoben. Sie ist nicht vergessen und kommt später wieder dran.",
    ),
    ("/status 2 in_umsetzung", "Es geht los: Deine Idee „Skatepark“ wird jetzt umgesetzt."),
    (
        "/status 2 umgesetzt",
        "Geschafft! Deine Idee „Skatepark“ ist umgesetzt. Danke für deinen Vorschlag!",
    ),
]


async def test_proposer_hears_of_every_status_change(group: Bot) -> None:
    await group.ask("lea", "/propose Skatepark")
    await group.ask("anna", "/accept 1")
    for command, news in STEPS:
        sent = await group.say("anna", command)
        to_lea = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
        assert to_lea == [news], command
    # a steering-group measure tells nobody
    sent = await group.say("anna", "/status 1 priorisiert")
    assert [s.chat.chat_id for s in sent] == ["group"]


NEW_IDEA = "\nDu kannst jederzeit eine neue Idee schicken: /idee und deine Idee."


async def test_dropped_and_rejected_say_why_and_what_next(group: Bot) -> None:
    await group.ask("lea", "/propose Skatepark")
    await group.ask("lea", "/propose Freibad")
    await group.ask("lea", "/propose Kino")
    await group.ask("anna", "/accept 1")
    sent = await group.say("anna", "/status 2 verworfen Kein Grundstück frei")
    assert [s.reply.text for s in sent if s.chat.is_direct] == [
        "Schade: Deine Idee „Skatepark“ wird nicht umgesetzt. Der Grund: Kein Grundstück frei."
        + NEW_IDEA
    ]
    sent = await group.say("anna", "/ablehnen 2 Das Freibad gehört dem Landkreis")
    assert "Jugendidee 2 „Freibad“ wird nicht aufgenommen" in sent[0].reply.text
    assert (
        sent[1].reply.text
        == "Deine Idee „Freibad“ wurde diesmal nicht aufgenommen. Der Grund: Das Freibad gehört dem Landkreis."
        + NEW_IDEA
    )
    assert "Es fehlt" in await group.ask("anna", "/reject 3")
    await group.ask("anna", "/accept 3")
    sent = await group.say("anna", "/status 3 dropped")
    assert "frag gern deine Koordination" in sent[1].reply.text
    assert sent[1].reply.text.endswith(NEW_IDEA)
    # the way forward works as the message says
    assert "Idee 4 in der Warteschlange" in await group.ask("lea", "/idee Kleines Kino", chat="dm")


async def test_the_proposer_hears_the_note_given_with_the_status(group: Bot) -> None:
    await group.ask("lea", "/propose Mehr Mülleimer im Park")
    await group.ask("anna", "/accept 1")
    await group.ask("anna", "/status 2 beschlossen")
    # A note typed without a full stop gets one; in English it is English around it.
    await group.ask("lea", "/lang en", chat="dm")
    sent = await group.say("anna", "/status 2 verschoben Erst nach dem Winter")
    assert [s.reply.text for s in sent if s.chat.is_direct] == [
        "Your idea “Mehr Mülleimer im Park” has been postponed. It is not forgotten, it will "
        "come up again later.\nThe steering group adds: Erst nach dem Winter."
    ]
    await group.ask("lea", "/lang de", chat="dm")
    await group.ask("anna", "/status 2 in Umsetzung")
    sent = await group.say("anna", "/status 2 umgesetzt Die Eimer stehen seit Montag!")
    assert [s.reply.text for s in sent if s.chat.is_direct] == [
        "Geschafft! Deine Idee „Mehr Mülleimer im Park“ ist umgesetzt. Danke für deinen Vorschlag!"
        "\nDie Steuerungsgruppe schreibt dazu: Die Eimer stehen seit Montag!"
    ]


async def test_an_adult_who_proposes_in_the_youth_chat_hears_as_sie(group: Bot) -> None:
    """Max (member, adult) brings an idea into the youth chat: what becomes of it reaches his
    direct chat in the form the bot speaks to him there; Lea (youth) keeps the "du"."""
    await group.ask("anna", "/bind youth", chat="jugend")
    await group.ask("max", "/propose Skaterampe", chat="jugend")
    await group.ask("lea", "/propose Bolzplatz", chat="jugend")
    sent = await group.say("anna", "/accept 1")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:max"] == [
        "Gute Nachricht: Die Steuerungsgruppe Musterstadt hat Ihre Idee „Skaterampe“ "
        "aufgenommen. Sie ist jetzt Maßnahme 2."
    ]
    sent = await group.say("anna", "/status 2 verworfen")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:max"] == [
        "Schade: Ihre Idee „Skaterampe“ wird nicht umgesetzt. Wenn Sie wissen möchten, warum, "
        "fragen Sie gern Ihre Koordination.\n"
        "Sie können jederzeit eine neue Idee schicken: /idee und Ihre Idee."
    ]
    sent = await group.say("anna", "/reject 2 Gibt es schon")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"] == [
        "Deine Idee „Bolzplatz“ wurde diesmal nicht aufgenommen. Der Grund: Gibt es schon."
        + NEW_IDEA
    ]


async def test_the_direct_chat_of_someone_in_two_groups_hears_which_town(group: Bot) -> None:
    """Lea is youth representative in Musterstadt and Beispieldorf; her direct chat speaks
    for Musterstadt. News of her idea in Beispieldorf names the town and how to switch there,
    as the notices about a measure she is responsible for do."""
    await group.ask("carl", "/setup Beispieldorf", chat="dorf")
    await group.ask("lea", f"/join {await group.invite('carl', 'youth', 'dorf')}", chat="dorf")
    await group.ask("lea", "/propose Skaterampe", chat="dm")  # joined last: Beispieldorf
    await group.ask("lea", "/gruppe Musterstadt", chat="dm")
    sent = await group.say("carl", "/accept 1", chat="dorf")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"] == [
        "[Beispieldorf]\n"
        "Gute Nachricht: Die Steuerungsgruppe Beispieldorf hat deine Idee „Skaterampe“ "
        "aufgenommen. Sie ist jetzt Maßnahme 1.\n"
        "Befehle in diesem Chat gelten gerade für Musterstadt; /gruppe Beispieldorf wechselt zu "
        "Beispieldorf."
    ]
    sent = await group.say("carl", "/status 1 beschlossen", chat="dorf")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"] == [
        "[Beispieldorf]\n"
        "Super Nachricht: Deine Idee „Skaterampe“ ist beschlossen! Sie steht jetzt im "
        "Aktionsplan.\n"
        "Befehle in diesem Chat gelten gerade für Musterstadt; /gruppe Beispieldorf wechselt zu "
        "Beispieldorf."
    ]
    # News about the group the chat speaks for comes as before.
    await group.ask("lea", "/propose Bolzplatz", chat="dm")
    sent = await group.say("anna", "/reject 1 Gibt es schon")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"] == [
        "Deine Idee „Bolzplatz“ wurde diesmal nicht aufgenommen. Der Grund: Gibt es schon."
        + NEW_IDEA
    ]


async def test_adults_in_the_youth_chat_are_thanked_and_helped_as_sie(group: Bot) -> None:
    """Max (member) and Anna (coordinator) propose in the youth chat: the thanks, the help and
    /meineideen say "Sie" to them as every other answer there does; Lea (youth) keeps the
    "du", in the youth chat and in her direct chat."""
    await group.ask("anna", "/bind youth", chat="jugend")
    # (then the steering chat hears of the new idea)
    assert (await group.ask("max", "/propose Skaterampe", chat="jugend")).startswith(
        "Danke! Ihre Idee „Skaterampe“ ist jetzt bei der Steuerungsgruppe (Idee 1 in der "
        "Warteschlange). Ich sage Ihnen Bescheid, was daraus wird."
    )
    assert (await group.ask("anna", "/propose Bänke", chat="jugend")).startswith(
        "Danke! Ihre Idee „Bänke“"
    )
    assert (await group.ask("lea", "/propose Bolzplatz", chat="jugend")).startswith(
        "Danke! Deine Idee „Bolzplatz“ ist jetzt bei der Steuerungsgruppe (Idee 3 in der "
        "Warteschlange). Ich sage dir Bescheid"
    )
    assert (
        (await group.ask("lea", "/propose Kletterwand", chat="dm"))
        .split("\n\n")[0]
        .endswith("Ich sage dir Bescheid, was daraus wird.")
    )
    help_text = await group.ask("max", "/hilfe", chat="jugend")
    assert "/vorschlag — Ihre Idee an die Steuerungsgruppe schicken" in help_text
    assert "deine" not in help_text and "dir" not in help_text.split()
    assert "/vorschlag — deine Idee an die Steuerungsgruppe schicken" in await group.ask(
        "lea", "/hilfe", chat="jugend"
    )
    mine = await group.ask("max", "/meineideen", chat="jugend")
    assert mine.startswith("Ihre Ideen und Vorschläge in Musterstadt:"), mine


async def test_an_adult_hears_of_his_idea_as_sie_also_in_the_youth_chat(
    no_direct_chats: Bot,
) -> None:
    """Where the bot cannot write to Max directly, the news of his idea reaches him in the
    youth chat, still as "Sie"; Lea's news there keeps the "du"."""
    bot = no_direct_chats
    await bot.ask("max", f"/join {await bot.invite('anna', 'member')}")
    await bot.ask("max", "/propose Skaterampe", chat="jugend")
    await bot.ask("lea", "/propose Bolzplatz", chat="jugend")
    sent = await bot.say("anna", "/reject 1 Gibt es schon")
    assert [s.reply.text for s in sent if s.chat.chat_id == "jugend"] == [
        "Ihre Idee „Skaterampe“ wurde diesmal nicht aufgenommen. Der Grund: Gibt es schon.\n"
        "Sie können jederzeit eine neue Idee schicken: /idee und Ihre Idee."
    ]
    sent = await bot.say("anna", "/accept 2")
    assert [s.reply.text for s in sent if s.chat.chat_id == "jugend"] == [
        "Gute Nachricht: Die Steuerungsgruppe Musterstadt hat deine Idee „Bolzplatz“ "
        "aufgenommen. Sie ist jetzt Maßnahme 1."
    ]


async def test_english_proposer_hears_in_english(group: Bot) -> None:
    await group.ask("lea", "/lang en", chat="dm")
    await group.ask("lea", "/propose Skatepark")
    sent = await group.say("anna", "/accept 1")
    assert sent[1].reply.text.startswith("Good news: your idea “Skatepark” has been taken up")


async def test_youth_chat_binding_and_anonymity(group: Bot) -> None:
    assert "Nur eine Koordination" in await group.ask("max", "/bind youth", chat="jugend")
    assert "Jugendchat von Musterstadt" in await group.ask("anna", "/binden jugend", chat="jugend")
    assert "gehört schon zur Steuerungsgruppe" in await group.ask(
        "anna", "/bind youth", chat="jugend"
    )
    assert "Möglich: /binden jugend" in await group.ask("anna", "/bind foo", chat="other")
    # anyone in the youth chat may bring an idea; it is moderated first, and since Kim is no
    # member (nobody asked her age), the group does not see her name; a word like "anonym"
    # stays in the title
    answer = await group.ask("kim", "/propose Graffitiwand anonym", chat="jugend")
    assert "Deine Idee „Graffitiwand anonym“" in answer
    assert "1. Graffitiwand anonym · Jugendvertretung" in await group.ask("anna", "/queue")
    # she is addressed as "du" in the youth chat, in her help too
    help_text = await group.ask("kim", "/hilfe", chat="jugend")
    assert help_text.startswith("Das kann ich hier für dich tun:")
    # and /vorschlag is what it is for her: an idea for the steering group, not a measure
    assert "/vorschlag — deine Idee an die Steuerungsgruppe schicken" in help_text
    assert "deine Idee an die Steuerungsgruppe" in await group.ask(
        "kim", "/hilfe vorschlag", chat="jugend"
    )
    assert "/vorschlag — deine Idee an die Steuerungsgruppe schicken" in await group.ask(
        "lea", "/hilfe", chat="dm"
    )
    assert "/vorschlag — eine neue Maßnahme vorschlagen" in await group.ask("anna", "/hilfe")
    # without a choice, /anonym says what the group sees now and how to change it
    assert "sieht deinen Namen bei deinen Ideen. /anonym an zeigt stattdessen nur" in (
        await group.ask("lea", "/anonym", chat="dm")
    )
    assert "sieht bei deinen Ideen nur „Jugendvertretung“" in await group.ask(
        "lea", "/anonym an", chat="dm"
    )
    assert "nicht deinen Namen. /anonymous aus zeigt deinen Namen." in await group.ask(
        "lea", "/anonymous", chat="dm"
    )
    # a member's proposals show his name: /anonym is the youth's, and he is told why
    assert await group.ask("max", "/anonym an") == (
        "/anonym dürfen nur: Jugendvertretung. Ihre Rolle: Mitglied.\n"
        "Bei Vorschlägen von Mitgliedern der Steuerungsgruppe steht immer, von wem sie sind; "
        "den Namen ausblenden kann nur die Jugendvertretung."
    )
    assert "bei eigenen Ideen den Namen zeigen" in await group.ask("max", "/hilfe anonym")
    assert "bei deinen Ideen deinen Namen zeigen" in await group.ask("lea", "/hilfe anonym")
    await group.ask("lea", "/propose Skatepark")
    assert "2. Skatepark · Jugendvertretung" in await group.ask("anna", "/queue")
    assert "sieht deinen Namen" in await group.ask("lea", "/anonymous off", chat="dm")
    queue = await group.ask("anna", "/queue")
    assert "2. Skatepark · Lea" in queue and "1. Graffitiwand anonym · Jugendvertretung" in queue
    await group.ask("anna", "/accept 1")
    assert "Vorgeschlagen von: Jugendvertretung" in await group.ask("anna", "/show 2")


class NoDirectChats(MemoryAdapter):
    """A platform where the bot cannot open a direct chat by itself."""

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        return None


@pytest.fixture
async def no_direct_chats(tmp_path, clock):  # type: ignore[no-untyped-def]
    """Lea (youth, 16 or older: a minor is never mentioned in a group) in Musterstadt, whose
    youth chat "jugend" is bound, on a platform where the bot opens no direct chat."""
    from tests.harness import make_app, settings_for

    app = make_app(settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"), clock)
    adapter = NoDirectChats()
    app.add_adapter(adapter)
    async with app:
        bot = Bot(app, adapter, clock)
        await bot.group_with(lea="youth")
        await bot.press("lea", "age:16plus", chat="dm")
        await bot.ask("anna", "/bind youth", chat="jugend")
        yield bot


async def test_feedback_falls_back_to_the_youth_chat(no_direct_chats: Bot) -> None:
    bot = no_direct_chats
    await bot.ask("lea", "/propose Skatepark", chat="jugend")
    sent = await bot.say("anna", "/accept 1")
    assert [s.chat.chat_id for s in sent] == ["group", "jugend"]
    assert "deine Idee „Skatepark“ aufgenommen" in sent[1].reply.text
    assert sent[1].reply.mention[0].user_id == "lea"
    async with bot.app.sessions() as s:
        m = await s.scalar(select(Measure).where(Measure.number == 1))
        assert m is not None and m.origin == "youth"


async def test_the_fallback_speaks_the_youth_chat_s_own_language(no_direct_chats: Bot) -> None:
    bot = no_direct_chats
    await bot.ask("anna", "/sprache en", chat="jugend")  # the group stays German
    await bot.ask("lea", "/propose Skatepark", chat="jugend")
    await bot.ask("lea", "/propose Graffitiwand", chat="jugend")
    sent = await bot.say("anna", "/accept 1")
    assert sent[0].chat.chat_id == "group" and sent[0].reply.text.startswith("Jugendidee 1")
    assert sent[1].chat.chat_id == "jugend"
    assert sent[1].reply.text == (
        "Good news: your idea “Skatepark” has been taken up by the steering group "
        "Musterstadt. It is now measure 1."
    )
    sent = await bot.say("anna", "/reject 2 Dafür fehlt die Wand")
    assert sent[1].chat.chat_id == "jugend"
    assert sent[1].reply.text.startswith("Your idea “Graffitiwand” was not taken up")
    assert sent[1].reply.text.endswith(
        "You are welcome to send a new idea at any time: /propose and your idea."
    )


async def test_the_fallback_does_not_name_another_direct_chat_group(no_direct_chats: Bot) -> None:
    """Lea is also in Beispieldorf, which her direct chat speaks for; it cannot be reached, so
    the news goes to the youth chat of Musterstadt, plain: nothing there is about switching."""
    bot = no_direct_chats
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("lea", f"/join {await bot.invite('carl', 'youth', 'dorf')}", chat="dorf")
    await bot.ask("lea", "/propose Skatepark", chat="jugend")
    sent = await bot.say("anna", "/accept 1")
    assert [(s.chat.chat_id, s.reply.text) for s in sent][1:] == [
        (
            "jugend",
            "Gute Nachricht: Die Steuerungsgruppe Musterstadt hat deine Idee „Skatepark“ "
            "aufgenommen. Sie ist jetzt Maßnahme 1.",
        )
    ]


async def test_youth_lane_bad_input(group: Bot) -> None:
    await group.ask("lea", "/propose Skatepark")
    assert "zu lang (1001 Zeichen" in await group.ask("anna", "/reject 1 " + "x" * 1001)
    assert "Handlungsfeld „sport“ gibt es nicht" in await group.ask("anna", "/accept 1 #sport")
    assert "Als Gast lesen Sie mit; /queue ist für" in await group.ask("otto", "/queue")
    assert "Deine Rolle: Jugendvertretung" in await group.ask("lea", "/accept 1")
    assert "Gruppenchat" in await group.ask("anna", "/bind youth", chat="dm")
    answer = await group.ask("lea", "/anonym vielleicht", chat="dm")
    assert "bitte ja oder nein schreiben. Beispiele: ja, nein, an, aus" in answer
    assert "Sie" not in answer  # spoken to a youth representative: neither "du" nor "Sie"
    assert "nur Mitglieder der Steuerungsgruppe" in await group.ask("fremd", "/propose Etwas")
    assert "1 Jugendidee wartet" in await group.ask("anna", "/queue")


async def test_a_proposer_who_reports_herself_is_told_once(group: Bot) -> None:
    """Lea reports on the measure her idea became: her answer is the confirmation, not also
    "Es geht los: Deine Idee …" quoting her own note as the group's."""
    await group.ask("lea", "/propose Skatepark")
    await group.ask("anna", "/accept 1")
    await group.ask("anna", "/status 2 beschlossen")
    await group.ask("anna", "/assign 2 lea")
    sent = await group.say("lea", "/status 2 in Umsetzung Wir haben angefangen", chat="dm")
    texts = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
    assert len(texts) == 1 and "in Umsetzung" in texts[0], texts
    assert not any("Steuerungsgruppe schreibt" in t for t in texts)
    # Someone else's change still reaches her.
    sent = await group.say("anna", "/status 2 umgesetzt")
    assert any("umgesetzt" in s.reply.text for s in sent if s.chat.chat_id == "dm:lea")


async def test_an_adult_cannot_pass_his_idea_off_as_the_youths(group: Bot) -> None:
    """/anonym was taken from adults too: it promised a member that his proposals are shown
    without his name (they are not), and it turned his idea from the youth chat into one of
    "Jugendvertretung". Refused, nothing is stored."""
    await group.ask("anna", "/binden jugend", chat="jugend")
    refused = await group.ask("anna", "/anonym an", chat="jugend")
    assert refused.startswith("/anonym dürfen nur: Jugendvertretung. Ihre Rolle: Koordination.")
    assert "/anonym" not in await group.ask("max", "/hilfe", chat="jugend")
    await group.ask("max", "/anonym an", chat="dm")
    await group.ask("max", "/propose Kletterwand", chat="jugend")
    assert "1. Kletterwand · Max" in await group.ask("anna", "/queue")
    assert "Vorgeschlagen von: Anna" in await group.ask("anna", "/zeige 1")


async def test_a_coordinator_of_two_groups_says_whose_youth_chat_it_is(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/setup Beispielstadt", chat="bsp")
    assert await bot.ask("anna", "/binden jugend", chat="jugend") == (
        "Sie koordinieren mehrere Steuerungsgruppen: Beispielstadt, Musterstadt. Von welcher "
        "ist dies der Jugendchat? /binden jugend <Gruppe>"
    )
    assert "Jugendchat von Musterstadt" in await bot.ask(
        "anna", "/binden jugend muster", chat="jugend"
    )
    assert "Steuerungsgruppe Musterstadt" in await bot.ask("anna", "/gruppe", chat="jugend")


async def test_an_adults_anonymity_stored_before_it_was_youth_only_is_not_followed(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    async with bot.app.sessions() as s:  # as /anonym on let an adult choose before
        await lifecycle.set_anonymous(s, await person_id(bot, "ben"), True)
        await s.commit()
    await bot.ask("ben", "/vorschlag Bolzplatz", chat="jugend")
    assert "1. Bolzplatz · Ben" in await bot.ask("anna", "/warteschlange")


async def test_a_dropped_idea_taken_up_again_is_news_for_its_proposer(group: Bot) -> None:
    await group.ask("lea", "/propose Skatepark")
    await group.ask("anna", "/accept 1")
    await group.ask("anna", "/status 2 verworfen Grundstück verkauft")
    sent = await group.say("anna", "/status 2 vorgeschlagen Neues Grundstück gefunden")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"] == [
        "Deine Idee „Skatepark“ ist wieder im Gespräch: Die Steuerungsgruppe spricht noch "
        "einmal darüber.\nDie Steuerungsgruppe schreibt dazu: Neues Grundstück gefunden."
    ]
    # Back among the proposals from the shortlist is no news worth a message.
    await group.ask("anna", "/status 2 priorisiert")
    sent = await group.say("anna", "/status 2 vorgeschlagen")
    assert [s for s in sent if s.chat.chat_id == "dm:lea"] == []


async def test_a_youth_representatives_help_lists_what_she_uses(bot: Bot) -> None:
    """A fifteen-year-old's /hilfe lists her ideas, the measures, voting, her data and name,
    help and language, not the action plan's exports or the reminder settings; those still work
    when typed, and a member's list has them."""
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("anna", "/propose Radweg")
    commands = [
        "/hilfe", "/sprache", "/vorschlag", "/massnahmen", "/zeige", "/stand", "/anonym",
        "/meineideen", "/abstimmen", "/ergebnis", "/datenschutz", "/meinedaten", "/vergessen",
        "/austreten",
        "/namezeigen", "/alter",
    ]  # fmt: skip
    for chat in ("group", "dm"):
        lines = (await bot.ask("lea", "/hilfe", chat=chat)).splitlines()
        assert lines[0] == "Das kann ich hier für dich tun:"
        assert [line.split(" — ")[0] for line in lines[1:-1]] == commands, chat
    assert "/vorschlag — deine Idee an die Steuerungsgruppe schicken" in lines
    assert "Sachstandsbericht" in await bot.ask("lea", "/bericht")
    assert "Wer: Koordination, Mitglied, Jugendvertretung" in await bot.ask("lea", "/hilfe bericht")
    listed = await bot.ask("ben", "/hilfe")
    assert "/bericht — " in listed and "/kalender — " in listed and "/programm — " in listed


async def test_the_status_a_measure_already_has_changes_nothing_and_tells_nobody(
    group: Bot,
) -> None:
    """ "/stand 1 beschlossen" on a measure already adopted: the answer says so and that
    nothing was changed; no history entry, no message to the person responsible or to the
    youth representative who proposed it, by anyone who may set it, forced or not."""
    await group.ask("lea", "/idee Bolzplatz")
    await group.ask("anna", "/annehmen 1")  # measure 2, proposed by Lea
    await group.ask("anna", "/zuweisen 2 lea")
    await group.ask("anna", "/stand 2 beschlossen")
    await group.ask("anna", "/stand 2 in Umsetzung")
    history = await group.ask("anna", "/verlauf 2")
    for who, typed in (
        ("anna", "/stand 2 in Umsetzung"),
        ("max", "/stand 2 in Arbeit"),
        ("anna", "/stand 2 in Umsetzung erzwingen"),
        ("lea", "/stand 2 in Umsetzung"),
    ):
        sent = await group.say(who, typed)
        assert [s.reply.text for s in sent] == [
            "Maßnahme 2 ist schon in Umsetzung; es wurde nichts geändert."
        ], (who, typed)
        assert sent[0].chat.chat_id in ("group", f"dm:{who}"), (who, typed)
    assert await group.ask("anna", "/verlauf 2") == history


async def test_accepting_an_idea_says_its_field_of_action_as_proposing_does(group: Bot) -> None:
    """The field the measure stands under in the plan, the idea's own or the one the
    coordinator named, is said as /propose says it; without one, nothing is added."""
    await group.ask("lea", "/vorschlag Skatepark #beteil", chat="dm")
    await group.ask("lea", "/vorschlag Bänke im Park", chat="dm")
    await group.ask("lea", "/vorschlag Kinderstadtplan", chat="dm")

    async def accepted(typed: str) -> str:
        sent = await group.say("anna", typed)
        return next(s.reply.text for s in sent if s.chat.chat_id == "group")

    assert await accepted("/annehmen 1") == (
        "Jugendidee 1 ist jetzt Maßnahme 2 „Skatepark“ (Handlungsfeld: Beteiligung)."
    )
    assert await accepted("/annehmen 2 #info") == (
        "Jugendidee 2 ist jetzt Maßnahme 3 „Bänke im Park“ (Handlungsfeld: Information)."
    )
    assert await accepted("/annehmen 3") == "Jugendidee 3 ist jetzt Maßnahme 4 „Kinderstadtplan“."
