"""Outgoing: HTML escaping, splitting, mentions, keyboards, files, edits."""

from __future__ import annotations

import html

from adapters.telegram import TelegramAdapter
from bot.events import ChatRef, Choice, File, Reply, SentRef, UserRef
from tests.wire.fake_telegram import FakeTelegram

GROUP = -1001234567890
CHAT = ChatRef("telegram", str(GROUP))


async def test_user_text_is_escaped_in_html_mode(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    ref = await adapter.send(CHAT, Reply('Vorschlag: <b>Spielplatz</b> & "Bolzplatz"'))
    call = tg.calls("sendMessage")[0].params
    assert call["parse_mode"] == "HTML"
    assert call["text"] == 'Vorschlag: &lt;b&gt;Spielplatz&lt;/b&gt; &amp; "Bolzplatz"'
    assert call["chat_id"] == GROUP
    assert ref == SentRef(CHAT, "1")


async def test_long_reply_is_split_at_line_boundaries(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    lines = [f"{i:04d} Maßnahme <{i}> & mehr " + "x" * (i % 50) for i in range(400)]
    text = "\n".join(lines)
    assert len(text) > 3 * 4096
    await adapter.send(CHAT, Reply(text))
    sent = tg.sent_texts(GROUP)
    assert len(sent) >= 3
    assert all(len(part) <= 4096 for part in sent)
    plain = [html.unescape(part) for part in sent]
    assert "\n".join(plain) == text  # nothing lost, every cut at a line end
    assert all(part.split("\n")[0] in lines for part in plain)


async def test_mentions_are_user_links(tg: FakeTelegram, adapter: TelegramAdapter) -> None:
    who = (UserRef("telegram", "4242", "Erika <Muster>"), UserRef("matrix", "@a:b", "Ali"))
    await adapter.send(CHAT, Reply("bitte abstimmen", mention=who))
    text = tg.sent_texts()[0]
    assert text == '<a href="tg://user?id=4242">Erika &lt;Muster&gt;</a> Ali\nbitte abstimmen'


async def test_choices_become_an_inline_keyboard_on_the_last_part(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    text = "\n".join("y" * 100 for _ in range(60))
    reply = Reply(text, choices=(Choice("Ja", "vote:1:yes"), Choice("Nein", "vote:1:no")))
    ref = await adapter.send(CHAT, reply)
    calls = tg.calls("sendMessage")
    assert len(calls) == 2
    assert "reply_markup" not in calls[0].params
    keyboard = calls[1].params["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"] for row in keyboard for b in row] == ["a:vote:1:yes", "a:vote:1:no"]
    assert ref.message_id == "2"


async def test_document_and_photo_are_uploaded(tg: FakeTelegram, adapter: TelegramAdapter) -> None:
    files = (
        File("aktionsplan.pdf", b"%PDF-1.4 plan", "application/pdf", caption="Plan <2027>"),
        File("chart.png", b"\x89PNG\r\n\x1a\nfake", "image/png"),
    )
    await adapter.send(CHAT, Reply("Hier der Plan", attachments=files))
    assert tg.sent_texts() == ["Hier der Plan"]
    doc = tg.calls("sendDocument")[0]
    assert doc.files["document"][:2] == ("aktionsplan.pdf", b"%PDF-1.4 plan")
    assert doc.params["caption"] == "Plan &lt;2027&gt;"
    photo = tg.calls("sendPhoto")[0]
    assert photo.files["photo"][:2] == ("chart.png", b"\x89PNG\r\n\x1a\nfake")


async def test_edit_replaces_text_and_keyboard(tg: FakeTelegram, adapter: TelegramAdapter) -> None:
    ref = await adapter.send(CHAT, Reply("Runde 1: offen", choices=(Choice("Ja", "v:y"),)))
    await adapter.edit(ref, Reply("Runde 1: geschlossen <3"))
    edit = tg.calls("editMessageText")[0].params
    assert edit["chat_id"] == GROUP and edit["message_id"] == int(ref.message_id)
    assert edit["text"] == "Runde 1: geschlossen &lt;3"
    assert edit["parse_mode"] == "HTML"
    await adapter.edit(ref, Reply("", choices=(Choice("Neu", "v:n"),)))
    markup = tg.calls("editMessageReplyMarkup")[0].params["reply_markup"]
    assert markup["inline_keyboard"][0][0]["callback_data"] == "a:v:n"


async def test_direct_chat_is_the_users_private_chat(adapter: TelegramAdapter) -> None:
    assert await adapter.direct_chat(UserRef("telegram", "4242", "E")) == ChatRef(
        "telegram", "4242", is_direct=True
    )
    assert await adapter.direct_chat(UserRef("matrix", "@e:x", "E")) is None


async def test_edit_of_a_split_message_keeps_its_own_part(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    # A round over 60 measures with long titles: two messages, the buttons on the second.
    items = [
        f"{n}. Maßnahme mit einem langen Titel für Kinder und Jugendliche {n:02d}" + "x" * 50
        for n in range(1, 61)
    ]
    text = "\n".join(
        ["Runde 1 ist eröffnet: Zustimmungswahl", *items, "Abstimmen mit /abstimmen 1"]
    )
    ref = await adapter.send(CHAT, Reply(text, choices=(Choice("1", "v:1:1"),)))
    first, second = tg.sent_texts(GROUP)
    await adapter.edit(
        ref, Reply(text + "\n3 von 23 haben abgestimmt.", choices=(Choice("1", "v:1:1"),))
    )
    edited = html.unescape(tg.calls("editMessageText")[0].params["text"])
    # The second message still starts where it did and now ends with the count; nothing of
    # it is lost and nothing of the first message comes again.
    assert edited == html.unescape(second) + "\n3 von 23 haben abgestimmt."
    shown = edited.split("\n")
    assert shown[0] == second.split("\n")[0] and not shown[0].startswith("1. ")
    assert any(line.startswith("60. ") for line in shown)
    assert not set(shown) & set(first.split("\n"))
