"""Long replies are split at line boundaries to what the platform takes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory import MemoryAdapter
from bot.events import Capabilities, ChatRef, Choice, Reply
from bot.messenger import Messenger, last_part, split_reply
from bot.text_parts import split_text


def test_short_text_is_one_piece() -> None:
    assert split_text("hello\nworld", 100) == ["hello\nworld"]


def test_cuts_at_line_breaks() -> None:
    text = "\n".join(f"{n}. Measure number {n}" for n in range(1, 200))
    pieces = split_text(text, 300)
    assert len(pieces) > 1
    assert all(len(p) <= 300 for p in pieces)
    assert "\n".join(pieces) == text  # every line intact, in order


def test_a_line_longer_than_the_limit_is_cut_at_spaces() -> None:
    text = " ".join(["Spielplatz"] * 100)
    pieces = split_text(text, 95)
    assert all(len(p) <= 95 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    pieces = split_text("x" * 250, 100)
    assert pieces == ["x" * 100, "x" * 100, "x" * 50]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=2000), st.integers(10, 300))
def test_pieces_fit_and_keep_every_word(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(len(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_choices_go_with_the_last_piece_and_the_reply_relation_with_the_first() -> None:
    reply = Reply("a\n" * 100, choices=(Choice("Yes", "x:1"),), in_reply_to="ev1", key="k")
    parts = split_reply(reply, 50)
    assert parts[0].in_reply_to == "ev1" and all(p.in_reply_to is None for p in parts[1:])
    assert parts[-1].choices == reply.choices and all(not p.choices for p in parts[:-1])
    assert len({p.key for p in parts}) == len(parts)


async def test_messenger_splits_for_the_adapter_limit(bot) -> None:  # type: ignore[no-untyped-def]
    small = MemoryAdapter("tiny", Capabilities(max_text_length=40))
    messenger = Messenger(bot.app.services)
    messenger.register(small)
    text = "\n".join(f"line {n} of a long answer" for n in range(10))
    await messenger.send(ChatRef("tiny", "room"), Reply(text))
    assert len(small.sent) > 1
    assert all(len(s.reply.text) <= 40 for s in small.sent)
    assert "\n".join(s.reply.text for s in small.sent) == text


def test_a_block_longer_than_a_message_is_packed_in_parts_at_line_breaks() -> None:
    from bot.text_parts import pack

    lines = [f"Partner {i}: Verein für Kinder und Jugend, Ortsgruppe {i}" for i in range(100)]
    long = "\n".join(lines)  # 5,000 characters and more
    assert len(long) > 5000
    messages = pack([("Beteiligung", ["1. Spielplatz", long, "2. Stadtplan"])], 3500, head="Plan")
    assert all(len(m) <= 3500 for m in messages) and len(messages) == 2
    assert messages[0].startswith("Plan\n\nBeteiligung\n\n1. Spielplatz\n\nPartner 0:")
    assert messages[1].startswith("Beteiligung (…)\n\nPartner ")
    shown = [line for m in messages for line in m.split("\n") if line.startswith("Partner ")]
    assert shown == lines  # every line whole, in order
    assert messages[-1].endswith("Ortsgruppe 99\n\n2. Stadtplan")


def test_fill_keeps_blocks_whole_and_splits_only_one_longer_than_a_message() -> None:
    from bot.text_parts import fill

    blocks = [f"{n}. Maßnahme\n   Meilenstein {n}a\n   Meilenstein {n}b" for n in range(1, 9)]
    messages = fill(blocks, 120, head="8 Maßnahmen:")
    assert all(len(m) <= 120 for m in messages)
    firsts = [m.split("\n")[0] for m in messages]  # each message whole blocks, two a message
    assert firsts == ["8 Maßnahmen:", "3. Maßnahme", "5. Maßnahme", "7. Maßnahme"]
    assert "\n".join(messages) == "\n".join(["8 Maßnahmen:", *blocks])
    long = "\n".join(f"Zeile {n} eines sehr langen Blocks" for n in range(10))
    parts = fill(["1. kurz", long], 120)
    assert all(len(m) <= 120 for m in parts) and "\n".join(parts) == f"1. kurz\n{long}"


def test_an_edit_of_a_message_sent_in_parts_keeps_the_last_parts_own_blank_line() -> None:
    # The earlier part's lines are left out of the edit as often as that part shows them: its
    # blank line, not every blank line of the message.
    tiny = MemoryAdapter("tiny", Capabilities(max_text_length=70))
    sent = Reply(
        "Round 1 is open\n\n1. Playground renovation\n2. Bike lanes to school\n3. Youth room"
        "\n\nVote with /vote 1"
    )
    assert [p.text for p in split_reply(sent, 70)][1] == "3. Youth room\n\nVote with /vote 1"
    edit = Reply(
        "Round 1 is closed\n\n1. Playground renovation\n2. Bike lanes to school\n3. Youth room"
        "\n\n2 of 4 have voted.",
        sent=sent,
    )
    assert last_part(edit, tiny).text == "Round 1 is closed\n3. Youth room\n\n2 of 4 have voted."
