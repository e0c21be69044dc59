"""Quoting someone's words back: cut at a word that fits, with "…" where something is left out."""

from __future__ import annotations

import pytest

from bot.values import shortened


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Skatepark am Bahnhof", 80, "Skatepark am Bahnhof"),
        ("  Skatepark\n am   Bahnhof ", 80, "Skatepark am Bahnhof"),
        ("Skatepark am Bahnhof mit Rampen", 20, "Skatepark am…"),
        ("Skatepark, Bahnhof und Rampen", 20, "Skatepark, Bahnhof…"),
        ("x" * 30, 10, "x" * 9 + "…"),  # one long word: cut inside it
        ("a " + "y" * 30, 10, "a " + "y" * 7 + "…"),  # the last space leaves too little
    ],
)
def test_shortened(text: str, limit: int, expected: str) -> None:
    assert shortened(text, limit) == expected
    assert len(shortened(text, limit)) <= limit
