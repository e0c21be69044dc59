"""A youth idea sent in the youth chat or a direct chat reaches the steering chat at once (before,
the coordination learnt of it only from Monday's digest or by asking /queue), without the
name of whoever is behind "Jugendvertretung"; one sent in the steering chat is read there."""

from __future__ import annotations

from tests.harness import Bot

NOTICE = (
    "Neue Jugendidee {n}: „{title}“. Die Koordination entscheidet mit /annehmen {n} "
    "[#Handlungsfeld] oder /ablehnen {n} <Grund>."
)


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


async def test_the_steering_chat_hears_of_a_new_youth_idea(bot: Bot) -> None:
    await bot.group_with(ben="member", tim="youth")
    assert "Jugendchat" in await bot.ask("anna", "/binden jugend", chat="jugend")
    sent = await bot.say("tim", "/vorschlag Skatepark am Bahnhof | Treffpunkt", chat="jugend")
    assert texts(sent, "jugend")[0].startswith("Danke! Deine Idee „Skatepark am Bahnhof“")
    assert texts(sent, "group") == [NOTICE.format(n=1, title="Skatepark am Bahnhof")]
    assert "Tim" not in texts(sent, "group")[0]
    # Sent again by mistake: one idea, and the group is not told twice.
    again = await bot.say("tim", "/vorschlag Skatepark am Bahnhof", chat="jugend")
    assert texts(again, "group") == []
    sent = await bot.say("tim", "/idee Jugendcafé", chat="dm")
    assert texts(sent, "group") == [NOTICE.format(n=2, title="Jugendcafé")]
    # In the steering chat the group reads the idea and the answer: nothing more is said.
    sent = await bot.say("tim", "/idee Bolzplatz")
    assert len(sent) == 1 and sent[0].reply.text.startswith("Danke! Deine Idee „Bolzplatz“")
    assert "Bolzplatz" in await bot.ask("anna", "/warteschlange")
