"""Splitting and escaping rules, and deep link payloads, without a server."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram.deeplink import deep_link, expand_start, payload_for, start_payload
from adapters.telegram.render import render_text, split_plain, tg_length, truncate_html


def test_entities_are_never_cut() -> None:
    text = "&" * 5000  # each & becomes &amp; (5 characters)
    parts = render_text(text)
    assert all(len(p) <= 4096 for p in parts)
    assert all(p.replace("&amp;", "") == "" for p in parts)
    assert "".join(html.unescape(p) for p in parts) == text


def test_overlong_line_is_cut_at_spaces() -> None:
    line = " ".join(["Wort"] * 2000)
    parts = split_plain(line, 4096)
    assert all(tg_length(p) <= 4096 for p in parts)
    assert "".join(parts) == line
    assert all(p.endswith(" ") for p in parts[:-1])


def test_emoji_count_twice() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units
    parts = render_text(text)
    assert len(parts) == 2 and all(tg_length(p) <= 4096 for p in parts)


@settings(deadline=None)  # timing on a busy CI machine is not what this test is about
@given(st.lists(st.text(alphabet='ab<>&" \n😀', max_size=300), max_size=60))
def test_split_joins_back_and_fits(lines: list[str]) -> None:
    text = "\n".join(lines)
    parts = split_plain(text, 500)
    assert all(tg_length(html.escape(p, quote=False)) <= 500 for p in parts)
    if all(tg_length(html.escape(line, quote=False)) <= 500 for line in text.split("\n")):
        assert "\n".join(parts) == text
    else:
        assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    assert all(tg_length(p) <= 500 for p in render_text(text, limit=500))


def test_edit_is_cut_with_an_ellipsis() -> None:
    out = truncate_html("x" * 5000)
    assert tg_length(out) <= 4096 and out.endswith("…")


def test_deep_links() -> None:
    assert deep_link("steerbot", payload_for("join", "K7x-2")) == (
        "https://t.me/steerbot?start=join-K7x-2"
    )
    with pytest.raises(ValueError):
        deep_link("steerbot", "join CODE")
    with pytest.raises(ValueError):
        deep_link("steerbot", "x" * 65)
    with pytest.raises(ValueError):
        payload_for("setup", "x")
    assert expand_start("/start@steerbot vote-12") == "/vote 12"
    assert expand_start("/start unknown-1") == "/start unknown-1"
    assert expand_start("/start join-") == "/start join-"
    assert expand_start("/startx join-A") == "/startx join-A"
    # A command without an argument (the age question) has a payload of its own.
    assert start_payload("age") == "age" and expand_start("/start age") == "/age"
    assert start_payload("vote 12") == "vote-12"
    assert expand_start("/start agent") == "/start agent"
    with pytest.raises(ValueError):
        start_payload("setup")


def test_many_mentions_never_break_a_link() -> None:
    from bot.events import UserRef

    users = [UserRef("telegram", str(1000 + i), f"Person {i}") for i in range(300)]
    parts = render_text("Bitte abstimmen", users)
    assert all(tg_length(p) <= 4096 for p in parts)
    assert parts[-1].endswith("\nBitte abstimmen")
    joined = " ".join(parts)
    assert all(f'<a href="tg://user?id={1000 + i}">Person {i}</a>' in joined for i in range(300))
    assert all(p.count("<a ") == p.count("</a>") for p in parts)


def test_mention_goes_in_front_of_the_first_part() -> None:
    from bot.events import UserRef

    parts = render_text("x" * 5000, [UserRef("telegram", "1", "A")])
    assert parts[0].startswith('<a href="tg://user?id=1">A</a>\n')
    assert all(tg_length(p) <= 4096 for p in parts)
