"""The key compared before two titles are compared whole (titles of a group, with every
proposal): titles that read as the same never have different keys, or a proposal whose title
another measure has would not be told so."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.parsing import same_words, title_skeleton
from storage.repo.groups import ENTRIES, FIELDS, titled_alike

# What makes titles the same written otherwise: case, umlauts dotted, dotless or spelled out,
# accents, ß, punctuation, spaces, emoji.
_LETTERS = "aAäÄoOöÖuUüÜeEéÉßsS -!.„“🏀1"


@given(st.text(_LETTERS, max_size=12), st.text(_LETTERS, max_size=12))
def test_titles_that_read_as_the_same_share_the_key(first: str, second: str) -> None:
    if same_words(first, second):
        assert title_skeleton(first) == title_skeleton(second)


@given(st.text(_LETTERS, max_size=12))
def test_a_title_spelled_otherwise_shares_the_key(title: str) -> None:
    spelled = title.replace("ä", "ae").replace("Ü", "UE").replace("ß", "ss").upper() + "!"
    assert same_words(title, spelled) or not any(ch.isalnum() for ch in title)
    assert title_skeleton(title) == title_skeleton(spelled)


def test_the_group_s_measures_of_a_title_are_found_among_many() -> None:
    entries = [f"{n}{FIELDS}proposed{FIELDS}Spielplatz Nr. {n} sanieren" for n in range(1, 500)]
    entries.append(f"500{FIELDS}decided{FIELDS}Bänke am See")
    entries.append(f"501{FIELDS}proposed{FIELDS}Banke am Seeufer")
    found = titled_alike(ENTRIES.join(entries), "BAENKE AM SEE!")
    assert [(t.number, t.status, t.title) for t in found] == [(500, "decided", "Bänke am See")]
