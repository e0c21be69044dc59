"""Issue 6 through the real App: long replies split, files sent, nudges delivered."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from commands import voting
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.app_driver import GROUP, Driver, build_app, join_by_deep_link
from tests.wire.telegram.conftest import FakeClock

ANNA = FakeTelegram.user(4242, "Anna", "Koordinatorin")
BEN = FakeTelegram.user(5151, "Ben", "Mitglied")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
async def drive(tmp_path: Path, tg: FakeTelegram, clock: FakeClock) -> AsyncIterator[Driver]:
    d = build_app(tmp_path, tg, clock)
    async with d.app:
        yield d


async def test_a_long_list_is_split_at_line_boundaries(drive: Driver, tg: FakeTelegram) -> None:
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    titles = [
        f"Maßnahme Nummer {i:02d} für mehr Spielraum, Beteiligung und sichere Schulwege"
        for i in range(1, 81)
    ]
    last = 0
    for title in titles:  # pushed at once; handled one after the other
        last = tg.push_message(GROUP, f"/propose {title}", user=ANNA)
    await drive.wait_handled(last)
    out = await drive.say(GROUP, "/measures", ANNA)
    parts = [r.params["text"] for r in out if r.method == "sendMessage"]
    assert len(parts) >= 2 and all(len(p) <= 4096 for p in parts)
    assert parts[0].startswith("80 Maßnahmen:\n")
    lines = "\n".join(parts).splitlines()[1:]
    # Every part ends at a line end: each line is one whole measure, in order, none lost.
    line = re.compile(r"^(\d+)\. Maßnahme Nummer (\d\d) für .* Schulwege · vorgeschlagen$")
    found = [line.match(text) for text in lines]
    assert all(found), [t for t, m in zip(lines, found, strict=True) if not m][:3]
    assert [int(m.group(1)) for m in found if m] == list(range(1, 81))
    assert all(int(m.group(1)) == int(m.group(2)) for m in found if m)


async def test_plan_export_is_sent_as_a_document(drive: Driver, tg: FakeTelegram) -> None:
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    await drive.say(GROUP, "/propose Spielplatz & Bolzplatz", ANNA)
    out = await drive.say(GROUP, "/plan export xlsx", ANNA)
    (document,) = [r for r in out if r.method == "sendDocument"]
    name, data, _ = document.files["document"]
    assert name.endswith(".xlsx") and data.startswith(b"PK")  # a zip: an Office Open XML file
    assert document.params["chat_id"] == GROUP
    assert document.result["document"]["file_size"] == len(data)


async def tick(drive: Driver, when: datetime) -> list[dict]:
    """Move the core's clock to ``when`` and run one reminder tick; returns the sendMessage
    parameters it caused (blocked attempts included)."""
    before = len(drive.tg.requests)
    drive.clock.set(when)
    await drive.app.reminders.tick(when)
    return [
        r.params | {"status": r.status}
        for r in drive.tg.requests[before:]
        if r.method == "sendMessage"
    ]


def berlin(day: int, hour: int) -> datetime:
    return datetime(2027, 1, day, hour, 0, tzinfo=BERLIN).astimezone(UTC)


async def test_nudge_reaches_the_private_chat_or_falls_back_to_the_group(
    drive: Driver, tg: FakeTelegram
) -> None:
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    await join_by_deep_link(drive, ANNA, BEN)
    for number, (title, day) in enumerate((("Spielplatz", 13), ("Radweg", 14)), start=1):
        await drive.say(GROUP, f"/propose {title}", ANNA)
        assert "fällig am" in await drive.text(GROUP, f"/due {number} {day}.01.2027", ANNA)
        assert "verantwortlich" in await drive.text(GROUP, f"/assign {number} Ben", ANNA)
    await drive.app.reminders.plan()
    await tick(drive, berlin(12, 8))  # whatever was due before (the Monday digest …)
    sent = await tick(drive, berlin(13, 9))
    nudges = [s for s in sent if s["chat_id"] == BEN["id"]]
    assert [s["text"].split("\n")[0] for s in nudges] == [
        "Erinnerung: Maßnahme 1 „Spielplatz“ ist heute fällig (13.01.2027)."
    ]
    # Ben blocks the bot: Telegram answers 403, and the nudge becomes a mention in the group.
    tg.fail("sendMessage", "blocked")
    sent = await tick(drive, berlin(14, 9))
    assert [(s["chat_id"], s["status"]) for s in sent] == [(BEN["id"], 403), (GROUP, 200)]
    mention = sent[1]["text"]
    assert f'<a href="tg://user?id={BEN["id"]}">' in mention
    assert "Maßnahme 2 „Radweg“ ist heute fällig" in mention
    # Delivered once: the next tick sends nothing more.
    assert await tick(drive, berlin(14, 10)) == []


async def test_an_answered_nudge_is_edited_without_its_keyboard(
    drive: Driver, tg: FakeTelegram
) -> None:
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    await join_by_deep_link(drive, ANNA, BEN)
    for number, title in enumerate(("Spielplatz", "Radweg"), start=1):
        await drive.say(GROUP, f"/propose {title}", ANNA)
        await drive.say(GROUP, f"/status {number} beschlossen", ANNA)
        await drive.say(GROUP, f"/due {number} 13.01.2027", ANNA)
        await drive.say(GROUP, f"/assign {number} Ben", ANNA)
    await drive.app.reminders.plan()
    await tick(drive, berlin(12, 8))
    before = len(tg.requests)
    await tick(drive, berlin(13, 9))
    nudges = [
        r
        for r in tg.requests[before:]
        if r.method == "sendMessage" and r.params["chat_id"] == BEN["id"]
    ]
    assert len(nudges) == 2
    buttons = [
        [b["callback_data"] for row in n.params["reply_markup"]["inline_keyboard"] for b in row]
        for n in nudges
    ]
    first, second = (n.result["message_id"] for n in nudges)

    # Measure 1 is answered by a command Anna types in the group.
    out = await drive.say(GROUP, "/status 1 umgesetzt", ANNA)
    (edit,) = [r.params for r in out if r.method == "editMessageText"]
    assert (edit["chat_id"], edit["message_id"]) == (BEN["id"], first)
    assert edit["text"].startswith(nudges[0].params["text"])
    assert edit["text"].endswith("✓ Status: umgesetzt")
    assert "reply_markup" not in edit  # Telegram takes the keyboard off
    # Its old "In progress" button, pressed anyway, explains and changes nothing.
    out = await drive.press(BEN["id"], buttons[0][0], BEN, first)
    assert [r.params["text"] for r in out if r.method == "sendMessage"] == [
        "Maßnahme 1 ist jetzt umgesetzt; die Schaltflächen dieser Erinnerung gelten nicht "
        "mehr. /stand 1 &lt;Status&gt; ändert ihn."
    ]
    assert not [r for r in out if r.method.startswith("edit")]

    # Measure 2 is answered by a press: one edit says so and takes the keyboard off; Ben
    # gets the answer and the group one line that he reported it done.
    out = await drive.press(BEN["id"], buttons[1][1], BEN, second)  # "Umgesetzt"
    assert sorted(r.method for r in out) == [
        "answerCallbackQuery",
        "editMessageText",
        "sendMessage",
        "sendMessage",
    ]  # no editMessageReplyMarkup besides
    told = [r.params for r in out if r.method == "sendMessage" and r.params["chat_id"] == GROUP]
    assert len(told) == 1 and "umgesetzt" in told[0]["text"]
    (edit,) = [r.params for r in out if r.method == "editMessageText"]
    assert (edit["chat_id"], edit["message_id"]) == (BEN["id"], second)
    assert edit["text"].endswith("✓ Status: umgesetzt") and "reply_markup" not in edit


async def _round_over(drive: Driver, tg: FakeTelegram, n: int) -> list[dict[str, object]]:
    """Anna proposes ``n`` measures whose titles start alike and opens an approval round over
    all of them; the announcement's messages (sendMessage params)."""
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    last = 0
    for i in range(1, n + 1):  # pushed at once; handled one after the other
        title = f"Einrichtung eines dauerhaften Beteiligungsformats für Kinder, Teil {i:03d}"
        last = tg.push_message(GROUP, f"/propose {title}", user=ANNA)
    await drive.wait_handled(last)
    out = await drive.say(GROUP, "/round approval all", ANNA)
    return [r.params for r in out if r.method == "sendMessage"]


async def test_a_round_over_more_measures_than_buttons_is_announced_whole(
    drive: Driver, tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A round holds at most 60 measures today; more than Telegram's 100 buttons must still
    # never cost the announcement its last part (the one that would carry the keyboard).
    monkeypatch.setattr(voting, "MAX_CANDIDATES", 150)
    sent = await _round_over(drive, tg, 120)
    assert sent, [r.params for r in tg.requests[-3:]]
    text = "\n".join(str(p["text"]) for p in sent)
    assert text.startswith("Runde 1 ist eröffnet: Zustimmung")
    for i in range(1, 121):  # every measure is listed, none lost with a refused keyboard
        assert f"\n{i}. Einrichtung eines dauerhaften Beteiligungsformats für Kinder, Teil " in text
    assert "/abstimmen 1" in text or "/vote 1" in text  # how to vote by typing
    assert "tippen Sie unten" not in text  # nothing to tap: no buttons
    assert not any("reply_markup" in p for p in sent)


async def test_a_round_over_many_measures_has_number_buttons_in_rows(
    drive: Driver, tg: FakeTelegram
) -> None:
    sent = await _round_over(drive, tg, 30)
    (announcement,) = sent
    assert "tippen Sie unten" in str(announcement["text"])
    keyboard = announcement["reply_markup"]["inline_keyboard"]  # type: ignore[index]
    assert [[b["text"] for b in row] for row in keyboard] == [
        [str(n) for n in range(start, min(start + 8, 31))] for start in range(1, 31, 8)
    ]
