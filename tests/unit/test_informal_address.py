"""Youth representatives are spoken to as "du", everyone else as "Sie"; what the whole group
reads stays as it is; English is unchanged. The "du" forms live in an overlay
(bot/locale/de_du) that the checker keeps complete."""

from __future__ import annotations

import re

from bot.i18n import Catalog, I18n, load_catalogs, load_overlays
from bot.i18n_check import register_gaps
from tests.harness import Bot

PLACEHOLDER = re.compile(r"\{(\w+)\}")


async def _group(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    for title in ("Skatepark", "Bänke"):
        await bot.ask("anna", f"/propose {title}")


async def test_the_same_answer_says_du_to_youth_and_sie_to_a_member(bot: Bot) -> None:
    await _group(bot)
    await bot.ask("anna", "/round approval 1 2")
    assert "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 1 „Skatepark“." in await bot.ask(
        "ben", "/vote 1 1"
    )
    assert "Deine Stimme in Runde 1 ist gespeichert: Maßnahme 1 „Skatepark“." in await bot.ask(
        "lea", "/vote 1 1"
    )
    assert "Meinten Sie /abstimmen?" in await bot.ask("ben", "/abstimen")
    assert "Meintest du /abstimmen?" in await bot.ask("lea", "/abstimen")
    refused = await bot.ask("lea", "/round approval 1 2")
    assert "Deine Rolle: Jugendvertretung" in refused and "Ihre" not in refused
    # Errors of the value readers too: a date in the past.
    assert "Bitte gib ein Datum ab heute an" in await bot.ask("lea", "/erinnerungen pause=1.1.2020")


async def test_a_youth_representative_is_welcomed_and_asked_as_du(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    code = await bot.invite("anna", "youth")
    sent = await bot.say("lea", f"/join {code}")
    texts = [s.reply.text for s in sent]
    assert any("Du bist jetzt in der Steuerungsgruppe Musterstadt" in t for t in texts), texts
    assert any("Bist du unter 16?" in t for t in texts), texts
    # A member joining the same way is welcomed formally.
    code = await bot.invite("anna", "member")
    assert "Sie sind jetzt in der Steuerungsgruppe" in await bot.ask("ben", f"/join {code}")


async def test_privacy_texts_and_the_export_say_du_to_youth(bot: Bot) -> None:
    await _group(bot)
    answer = await bot.ask("lea", "/datenschutz", chat="dm")
    assert "Über dich speichere ich nur" in answer and "Ihre" not in answer
    sent = await bot.say("lea", "/meinedaten", chat="dm")
    files = {f.name: f.data for s in sent for f in s.reply.attachments}
    text = files["meine-daten.txt"].decode()
    assert "Deine Konten" in text and "Ihre Konten" not in text
    sent = await bot.say("ben", "/meinedaten", chat="dm")
    files = {f.name: f.data for s in sent for f in s.reply.attachments}
    assert "Ihre Konten" in files["meine-daten.txt"].decode()


async def test_what_the_whole_group_reads_stays_formal(bot: Bot) -> None:
    await _group(bot)
    sent = await bot.say("anna", "/round approval 1 2")
    announcement = sent[0].reply
    bot.adapter.edits.clear()
    pressed = await bot.press("lea", announcement.choices[0].action)
    assert [s.reply.text for s in pressed] == ["Deine Stimme in Runde 1: Maßnahme 1 „Skatepark“."]
    assert pressed[0].chat.is_direct
    # The announcement everyone reads is edited with the count, in the group's "Sie".
    edits = [reply.text for _, reply in bot.adapter.edits]
    assert edits and all("die Sie unterstützen" in t for t in edits), edits
    assert all("1 von 3 hat abgestimmt" in t for t in edits), edits


async def test_english_has_no_du(bot: Bot) -> None:
    await _group(bot)
    await bot.ask("lea", "/sprache en", chat="dm")
    assert "What I store about you right now" in await bot.ask("lea", "/privacy", chat="dm")


def test_the_overlay_is_complete_and_keeps_placeholders() -> None:
    assert register_gaps() == {
        "no du form": [],
        "unknown": [],
        "still formal": [],
        "du in the formal catalogue": [],
    }
    german, overlay = load_catalogs()["de"], load_overlays()["de"]
    assert len(overlay.singular) > 100
    for msgid, text in overlay.singular.items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(german.singular[msgid]))
    informal = I18n()("de", informal=True)
    assert informal.t("Your ballot in round {number}: {ballot}.", number=2, ballot="3") == (
        "Deine Stimme in Runde 2: 3."
    )
    # Messages that do not address the reader come from the German catalogue.
    assert informal.t("proposed") == "vorgeschlagen"
    assert informal.tn("{n} date for your calendar.", "{n} dates for your calendar.", 2) == (
        "2 Termine für deinen Kalender."
    )
    assert I18n()("en", informal=True).t("Your accounts") == "Your accounts"


def test_the_checker_notices_what_the_overlay_lacks_or_gets_wrong() -> None:
    german = Catalog(
        "de",
        {
            "Your vote": "Ihre Stimme",
            "It is marked": "Sie ist markiert.",
            "Please write": "Bitte schreiben Sie mir.",
            "Status": "Status",
            "Your idea": "Deine Idee, danke dir!",
        },
        {},
    )
    overlay = Catalog(
        "de",
        {
            "Your vote": "Deine Stimme",
            "Please write": "Bitte schreib mir, wenn Sie Zeit haben.",
            "Gone": "Weg",
            "Your idea": "Deine Idee, danke dir!",
        },
        {},
    )
    assert register_gaps(german, overlay) == {
        "no du form": ["It is marked"],
        "unknown": ["Gone"],
        "still formal": ["Please write"],
        "du in the formal catalogue": ["Your idea"],
    }
    # Repeating the German text marks a "Sie" that means she/it/they.
    overlay.singular["It is marked"] = "Sie ist markiert."
    del overlay.singular["Gone"]
    overlay.singular["Please write"] = "Bitte schreib mir."
    german.singular["Your idea"] = "Ihre Idee, danke Ihnen!"
    assert register_gaps(german, overlay) == {
        "no du form": [],
        "unknown": [],
        "still formal": [],
        "du in the formal catalogue": [],
    }


async def test_an_idea_too_long_is_told_as_her_idea_not_a_title(bot: Bot) -> None:
    """She wrote an idea, not a title: the refusal says how to split it, with an example."""
    await bot.group_with(ben="member", lea="youth")
    long = "Ein richtig großer Skatepark mit Halfpipe, Bowl und Street-Bereich " * 4
    assert await bot.ask("lea", f"/idee {long}") == (
        f"Deine Idee ist zu lang ({len(long.strip())} Zeichen, vor einem | höchstens 200). "
        "Schreib sie in ein paar Worten und den Rest nach einem |: Skatepark | am Bahnhof, mit "
        "Rampen und Licht."
    )
    assert "Der Titel ist zu lang" in await bot.ask("ben", f"/vorschlag {long}")


async def test_an_idea_without_real_words_asks_her_for_words(bot: Bot) -> None:
    """ "/idee 🎉🎉", "/idee ???" or "/idee xD" would reach the coordinators as a riddle: she is
    asked for a few words, and nothing is queued. Emoji in an idea with words stay, and a
    short real word is an idea."""
    await bot.group_with(ben="member", lea="youth")
    for idea in (
        *("🎉🎉", "???", " 👍 ! ", ":-)", "🎉 | Party im Jugendzentrum"),
        *("xD", "XDD", ":D", "lol", "LOL 😂", "haha", "xD lol", "a", "!!1", "^^", "1", "42"),
        *("xD 5", "lol 2027"),
    ):
        assert await bot.ask("lea", f"/idee {idea}") == (
            "Deine Idee braucht ein paar Worte, damit die Steuerungsgruppe weiß, was du meinst. "
            "Zum Beispiel: /idee Basketballkorb am Jugendzentrum 🏀"
        ), idea
    await bot.ask("lea", "/language en", chat="dm")
    assert "Your idea needs a few words" in await bot.ask("lea", "/idea xD", chat="dm")
    for title in ("?!", "xD", ":D", "lol", "a", "1", "2027"):
        assert await bot.ask("ben", f"/vorschlag {title}") == (
            "Ein Titel braucht ein paar Worte, die sagen, worum es geht. Zum Beispiel: "
            "/vorschlag Bänke am Marktplatz"
        ), title
    assert await bot.ask("anna", "/warteschlange") == "Es warten keine Ideen der Jugendvertretung."
    assert "Keine Maßnahmen gefunden" in await bot.ask("ben", "/massnahmen")
    assert "Idee 1 in der Warteschlange" in await bot.ask("lea", "/idee Party im JUZ 🎉🎉")
    assert "Party im JUZ 🎉🎉" in await bot.ask("anna", "/warteschlange")
    # Short real titles are titles, a laugh beside words too; letters with digits are words.
    for idea in ("Bank", "WLAN", "Lol-Party im Jugendzentrum", "xD Skatepark", "B96", "5G"):
        assert "in der Warteschlange" in await bot.ask("lea", f"/idee {idea}"), idea
    assert "Maßnahme 1 „WLAN“" in await bot.ask("ben", "/vorschlag WLAN")
    assert "Maßnahme 2 „5G“" in await bot.ask("ben", "/vorschlag 5G")
