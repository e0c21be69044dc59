"""Finding measures by words of their title or description: "/massnahmen Spielplatz",
"/zeige Jugendraum"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row

from bot.arguments import parse_number
from bot.context import Context
from bot.errors import CommandError, UsageError
from bot.i18n import N_
from bot.parsing import figure_of
from bot.values.text import search_key, shortened
from storage.repo import measures as repo

NO_MATCH = N_("No measure matches “{text}”. /measures lists them all.")
# How many of several matches "/show <words>" names before it asks for a number.
SHOWN_MATCHES = 10


def matches(words: Sequence[str], *texts: str | None) -> bool:
    """Every one of ``words`` appears in ``texts``, whatever the case and the spelling of
    umlauts ("muell" finds "Mülleimer")."""
    found_in = search_key(" ".join(t for t in texts if t))
    return all(search_key(word) in found_in for word in words)


def found(rows: Sequence[Row[Any]], words: Sequence[str]) -> list[Row[Any]]:
    """The rows (read with ``described=True``) whose title or description has all ``words``."""
    return [row for row in rows if matches(words, row.title, row.description)]


async def number_named(ctx: Context, text: str) -> int:
    """The number of the measure ``text`` names: a number ("3", "#3"), or words that only one
    measure's title or description has. Several or none: a refusal that says which."""
    figure = figure_of(text)  # "Nr. 3", "3."
    if figure is not None:
        return parse_number(figure)
    if not any(ch.isalpha() for ch in text):
        first, *extra = text.split()
        if extra:  # "/show 1 17"
            raise UsageError(
                N_("I did not understand “{extra}”."), extra=shortened(" ".join(extra))
            )
        return parse_number(first)
    words = text.split()
    rows = found(
        await repo.measure_lines(ctx.session, ctx.require_group().id, described=True), words
    )
    if len(rows) == 1:
        return int(rows[0].number)
    shown = shortened(text)
    if not rows:
        raise CommandError(NO_MATCH, text=shown)
    lines = [f"{row.number}. {row.title}" for row in rows[:SHOWN_MATCHES]]
    if len(rows) > SHOWN_MATCHES:
        lines.append(ctx.tn("… and {n} more", "… and {n} more", len(rows) - SHOWN_MATCHES))
    raise CommandError(
        N_("Several measures match “{text}”:\n{lines}\nShow one with /show <number>."),
        text=shown,
        lines="\n".join(lines),
    )
