"""Fuzzing the parser and every command handler: random text, unicode, huge arguments.

No input may end in an internal error (the dispatcher's "incident" apology or a crash in the
log), and every message the bot sends fits the platform limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.memory import MemoryAdapter
from bot.parsing import option_of, split_command, tokenize
from commands import build_registry
from tests.harness import Bot, make_app, settings_for, start_clock

LIMITED = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
INTERNAL_ERROR = ("incident", "Vorfall")
COMMAND_NAMES = sorted(
    {c.name for c in build_registry()} | {a for c in build_registry() for a in c.aliases}
)

# Any character but lone surrogates; plus the awkward ones on purpose.
any_char = st.characters(blacklist_categories=("Cs",))
awkward = st.sampled_from(
    [
        "\u202e",
        "\u202d",
        "\u200f",
        "\u200b",
        "\ufeff",
        "\x00",
        "\x1b[31m",
        "\r\n",
        "\t",
        "🏳️‍🌈",
        "👩‍👩‍👧‍👦",
        "ß",
        "ÄÖÜ",
        "עברית",
        "العربية",
        "„",
        "“",
        "«",
        "'",
        '"',
        "|",
        "#",
        "=",
        "@",
        "/",
        "!",
        "key=",
        "=value",
        "status=",
        "closes=",
        "#1",
        "-1",
        "0",
        "99999999999",
    ]
)
word = st.one_of(
    st.text(any_char, min_size=1, max_size=12), awkward, st.integers(-5, 10**12).map(str)
)
arguments = st.one_of(
    st.lists(word, max_size=8).map(" ".join),
    st.text(any_char, max_size=300),
    st.builds(
        lambda w, n: w * n, st.text(any_char, min_size=1, max_size=5), st.integers(500, 5000)
    ),
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Bot, asyncio.AbstractEventLoop]]:
    """A set-up group (coordinator anna, member ben, youth lea) on an event loop of its own,
    so that hypothesis can drive many examples against one bot."""
    loop = asyncio.new_event_loop()
    clock = start_clock()
    app = make_app(settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"), clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    bot = Bot(app, adapter, clock)
    loop.run_until_complete(app.start())
    loop.run_until_complete(bot.group_with("anna", ben="member", lea="youth"))
    loop.run_until_complete(bot.ask("anna", "/propose Spielplatz am Bahnhof"))
    try:
        yield bot, loop
    finally:
        loop.run_until_complete(app.stop())
        loop.close()


def check_answers(
    bot: Bot, loop: asyncio.AbstractEventLoop, user: str, text: str, chat: str
) -> None:
    sent = loop.run_until_complete(bot.say(user, text, chat))
    limit = bot.adapter.capabilities.max_text_length
    for s in sent:
        assert not any(w in s.reply.text for w in INTERNAL_ERROR), (text[:200], s.reply.text)
        assert len(s.reply.text) <= limit, (text[:200], len(s.reply.text))


@LIMITED
@given(st.text(any_char, max_size=500))
def test_parser_never_fails(text: str) -> None:
    line = split_command(text)
    if line is not None:
        assert line.name == line.name.lower()
        assert text.lstrip()[0] in "/!"
    for token in tokenize(text):
        assert 0 <= token.start <= token.end <= len(text)
        option = option_of(token)
        if option is not None:
            assert option[0] == option[0].lower() and not token.quoted


@LIMITED
@given(st.lists(st.one_of(word, st.text(any_char, max_size=30)), max_size=12).map(" ".join))
def test_tokens_cover_every_unquoted_word(text: str) -> None:
    values = " ".join(t.value for t in tokenize(text))
    for piece in text.split():
        if not any(q in piece for q in "\"'„“”«»‚‘’="):
            assert piece in values


def test_every_command_with_awkward_input(
    world: tuple[Bot, asyncio.AbstractEventLoop], caplog: pytest.LogCaptureFixture
) -> None:
    """Fixed hard cases for every command (aliases get random input below), as coordinator,
    member and youth, in the group chat and in a direct chat."""
    bot, loop = world
    cases = [
        "",
        "1",
        "#1",
        "x=y",
        "status=",
        "mine",
        "\u202eevil\u202c",
        "👩‍👩‍👧‍👦" * 50,
        "a" * 3999,
        "b " * 2500,
        "„unclosed",
        "'",
        "=",
        "|",
        "| only description",
        "#",
        "0",
        "-1",
        "99999999999",
        "\x00\x01\x1f",
        "x\n/other",
        "@bot",
        "Ä" * 300,
        "title | " + "d" * 3000,
    ]
    with caplog.at_level(logging.ERROR):
        for name in sorted(c.name for c in build_registry()):
            for case in cases:
                for user, chat in (("anna", "group"), ("ben", "group"), ("lea", "dm")):
                    check_answers(bot, loop, user, f"/{name} {case}", chat)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@LIMITED
@given(
    name=st.sampled_from(COMMAND_NAMES),
    args=arguments,
    who=st.sampled_from(["anna", "ben", "lea", "stranger"]),
    direct=st.booleans(),
    prefix=st.sampled_from(["/", "!"]),
)
def test_random_arguments_never_cause_an_internal_error(
    world: tuple[Bot, asyncio.AbstractEventLoop],
    caplog: pytest.LogCaptureFixture,
    name: str,
    args: str,
    who: str,
    direct: bool,
    prefix: str,
) -> None:
    bot, loop = world
    with caplog.at_level(logging.ERROR):
        check_answers(bot, loop, who, f"{prefix}{name} {args}", "dm" if direct else "group")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_long_list_is_sent_in_pieces_within_the_limit(
    world: tuple[Bot, asyncio.AbstractEventLoop],
) -> None:
    """Finding: /measures of a big group is longer than Telegram's 4,096 characters; the
    Messenger splits it at line breaks, and nothing of the list is lost."""
    bot, loop = world
    for n in range(150):
        loop.run_until_complete(
            bot.ask("anna", f"/propose Maßnahme mit einem recht langen Titel Nummer {n:03d}")
        )
    sent = loop.run_until_complete(bot.say("ben", "/measures"))
    assert len(sent) > 1
    assert all(len(s.reply.text) <= bot.adapter.capabilities.max_text_length for s in sent)
    text = "\n".join(s.reply.text for s in sent)
    assert all(f"Nummer {n:03d}" in text for n in range(150))
