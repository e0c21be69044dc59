"""Amounts of money in euros, typed the German or the English way, and how the bot shows them.

How separators are read (the amount never has more than two decimal places):
- both "." and "," present: the later one is the decimal mark, the other groups thousands
  ("1.500,50" and "1,500.50" are both 1500.50);
- one kind only, appearing once: followed by one or two digits it is the decimal mark
  ("1500,5", "1500.50"); followed by exactly three digits it groups thousands ("1.500",
  "1,500" are 1500); anything else is refused as ambiguous. Before a multiplier it is always
  the decimal mark ("1,250 Mio" is 1,250,000). In English, where "1.500" is one and a half
  and "1,500" fifteen hundred, a single dot before three digits is not guessed at: the
  answer asks which was meant ("1,500 or 1.5?"); so does German typed in a chat about a single
  comma before three digits ("1,500 €": 1.500 or 1,5?), where the comma is the decimal mark
  (a list imported from a spreadsheet is read as before: "1,500" is 1500);
- one kind appearing several times groups thousands ("1.500.000");
- thousands groups must have exactly three digits and not start with 0 ("1.50.000",
  "0.500" are refused).
Multipliers after the number: "Tsd", "tausend", "k" (×1,000); "Mio", "Million(en)" (×1,000,000);
"Mrd", "Milliarde(n)", "bn" (×1,000,000,000); "T€" and "TEUR" (thousand euros, as budgets write
them). Currency marks "€", "EUR", "Euro" may stand before or after; ",-" after whole euros
("1.500,- €") is read as no cents. An estimate's "ca.", "circa", "rd.", "rund", "etwa",
"ungefähr", "~" (or "approx.", "about") before it is read past: a cost is an estimate anyway.
Negative amounts are refused.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_currency

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.values.text import fold

MONEY_UNREADABLE = N_(
    "I could not read “{text}” as an amount of money. Examples: €1,500, 1500.50, 2k, 1.5 million."
)
MONEY_NEGATIVE = N_("An amount cannot be negative. Example: €1,500.")
MONEY_TOO_PRECISE = N_("An amount has at most two decimal places (cents). Example: €1,500.50.")
MONEY_TOO_LARGE = N_("That amount is too large. Example: 1.5 million.")
MONEY_AMBIGUOUS = N_(
    "“{text}”: did you mean {thousands} or {fraction}? Please write {plain} or {fraction}."
)

MAX_AMOUNT = Decimal(10) ** 12
_CENT = Decimal("0.01")

# fmt: off
_MULTIPLIERS = {
    "k": 10**3, "tsd": 10**3, "tsd.": 10**3, "tausend": 10**3, "thousand": 10**3,
    "mio": 10**6, "mio.": 10**6, "million": 10**6, "millionen": 10**6, "millions": 10**6,
    "mrd": 10**9, "mrd.": 10**9, "milliarde": 10**9, "milliarden": 10**9, "bn": 10**9,
    "t€": 10**3, "teur": 10**3,
}
# fmt: on
_MULT = "|".join(re.escape(w) for w in sorted(_MULTIPLIERS, key=len, reverse=True))
_CURRENCY = r"(?:€|eur|euro|euros)"
_AMOUNT = re.compile(
    rf"(?P<sign>[-+−])?\s?(?:{_CURRENCY}\s?)?(?P<sign2>[-+−])?\s?(?P<num>[0-9][0-9.,]*)"
    rf"(?:\s?(?P<mult>{_MULT}))?(?:\s?{_CURRENCY})?(?:\s?(?P<sign3>-))?",
    re.ASCII,
)
# "ca. 5.000 €": the words of an estimate before the amount.
_ABOUT = re.compile(
    r"(?:ca\.?|circa|zirka|rd\.|rund|etwa|ungefaehr|approx\.?|about|around|~|≈)\s?(?=[0-9€+\-−e])"
)
# German price style "1.500,- €" / "1.500,–": whole euros.
_NO_CENTS = re.compile(r"(?<=[0-9]),(?:-|–|—|--)(?=\s|€|eur|$)")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:x[0-9]{3})+")


def parse_money(text: str, lang: str = "de", *, typed: bool = False) -> Decimal:
    """Read a non-negative amount in euros; return it with exactly two decimal places.

    See the module docstring for how "." and "," are told apart; ``lang`` is the language
    the amount is typed in ("1.500" is 1500 in German, asked about in English); ``typed``:
    typed in a chat, where a German "1,500" is asked about too. Raises ``InvalidValue``.
    """
    shown = text.strip()
    folded, whole_euros = _NO_CENTS.subn("", fold(text).replace("−", "-"))
    if about := _ABOUT.match(folded):
        folded = folded[about.end() :]
    m = _AMOUNT.fullmatch(folded)
    if m is None:
        raise InvalidValue(MONEY_UNREADABLE, text=shown)
    if "-" in ((m["sign"] or "") + (m["sign2"] or "")) or m["sign3"]:
        raise InvalidValue(MONEY_NEGATIVE)
    if lang == "en" and not m["mult"] and not whole_euros:
        _refuse_dot_before_thousands(m["num"], shown)
    if lang != "en" and typed and not m["mult"] and not whole_euros:
        _refuse_comma_before_thousands(m["num"], shown)
    number = _number(m["num"], scaled=m["mult"] is not None)
    if number is None:
        raise InvalidValue(MONEY_UNREADABLE, text=shown)
    if m["mult"]:
        number *= _MULTIPLIERS[m["mult"]]
    if number > MAX_AMOUNT:
        raise InvalidValue(MONEY_TOO_LARGE)
    if number != number.quantize(_CENT):
        raise InvalidValue(MONEY_TOO_PRECISE)
    return number.quantize(_CENT)


def format_money(amount: Decimal, lang: str = "de") -> str:
    """Show ``amount`` in euros: "1.500,50 €" (de) or "€1,500.50" (en), with a plain space."""
    locale = "en_US" if lang == "en" else "de_DE"
    return format_currency(amount, "EUR", locale=locale).replace("\xa0", " ")


def _refuse_dot_before_thousands(raw: str, shown: str) -> None:
    """English "1.500": one and a half, or fifteen hundred written the German way? Asks."""
    whole, dot, fraction = raw.partition(".")
    if not dot or "," in raw or "." in fraction or len(fraction) != 3 or not _grouped(raw, "."):
        return
    plain = int(whole + fraction)
    raise InvalidValue(
        MONEY_AMBIGUOUS,
        text=shown,
        thousands=f"{plain:,}",
        plain=str(plain),
        fraction=str(Decimal(raw).normalize()),
    )


def _refuse_comma_before_thousands(raw: str, shown: str) -> None:
    """German "1,500" typed in a chat: one and a half with the decimal comma, or fifteen
    hundred written the English way? Asks, as English does about "1.500"."""
    whole, comma, fraction = raw.partition(",")
    if not comma or "." in raw or "," in fraction or len(fraction) != 3 or not _grouped(raw, ","):
        return
    plain = int(whole + fraction)
    raise InvalidValue(
        MONEY_AMBIGUOUS,
        text=shown,
        thousands=f"{plain:,}".replace(",", "."),
        plain=str(plain),
        fraction=str(Decimal(f"{whole}.{fraction}").normalize()).replace(".", ","),
    )


def _number(raw: str, *, scaled: bool) -> Decimal | None:
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_mark = "." if raw.rfind(".") > raw.rfind(",") else ","
        whole, _, fraction = raw.rpartition(decimal_mark)
        group_mark = "," if decimal_mark == "." else "."
        if decimal_mark in whole or not fraction.isdecimal() or not _grouped(whole, group_mark):
            return None
        return Decimal(whole.replace(group_mark, "") + "." + fraction)
    mark = "." if dots else "," if commas else None
    if mark is None:
        return Decimal(raw)
    count = dots or commas
    if count == 1:
        whole, _, fraction = raw.partition(mark)
        if not whole or not fraction.isdecimal():
            return None
        if len(fraction) <= 2 or scaled:
            return Decimal(whole + "." + fraction)
        if len(fraction) == 3 and _grouped(raw, mark):
            return Decimal(whole + fraction)
        return None
    return Decimal(raw.replace(mark, "")) if _grouped(raw, mark) else None


def _grouped(digits: str, mark: str) -> bool:
    """True if ``digits`` is plain or grouped by ``mark`` in threes ("1.500.000")."""
    if mark not in digits:
        return digits.isdecimal()
    return _GROUPED.fullmatch(digits.replace(mark, "x")) is not None
