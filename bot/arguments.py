"""Reading a command's arguments: positional parameters, ``key=value`` options and flags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.context import Context
from bot.errors import CommandError, InvalidValue, UsageError
from bot.i18n import N_
from bot.parsing import NUMBER_WORDS, Token, figure_of, fold, option_of, spellings, tokenize
from bot.registry import Command, Param
from bot.values import parse_datetime, parse_offsets
from bot.values.dates import DATE_AMBIGUOUS, DATE_NOT_IN_CALENDAR

MAX_DATE_WORDS = 4  # words after ``key=`` that a date option may take: "in 2 Wochen 18:00"
MAX_DURATION_WORDS = 6  # and a length of time or a list of them: "2 Wochen, 3 Tage, 0 Tage"
_YEAR = re.compile(r"(19|20)\d\d")
_WEEK_WORDS = frozenset({"kw", "kalenderwoche", "week"})
_ROUND_WORDS = frozenset({"runde", "round"})
_MEASURE_WORDS = frozenset({"massnahme", "measure"})


def read_arguments(ctx: Context, command: Command, rest: str) -> None:
    """Fill ``ctx.params``, ``ctx.options`` and ``ctx.flags`` from the text after the name."""
    tokens = tokenize(rest)
    has_text = any(p.kind == "text" for p in command.params)
    # Where free text starts among the positional words (the parameters before it take one
    # word each): a flag word counts before it or at the very end, not inside it.
    text_at = next((n for n, p in enumerate(command.params) if p.kind == "text"), 0)
    positional: list[Token] = []
    removed: list[tuple[int, int]] = []
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        option = option_of(token)
        if option is not None:
            key, option_value = option
            canonical = option_named(command, key) or (key if command.any_options else None)
            if canonical is not None:
                if canonical in ctx.options and not command.any_options:
                    raise UsageError(N_("The option {key}= is given twice."), key=key)
                end = token.end
                if canonical in command.date_options:
                    skip = _date_run_on(ctx, command, option_value, tokens[i + 1 :])
                elif canonical in command.text_options:
                    skip = _text_run_on(command, tokens[i + 1 :])
                elif canonical in command.duration_options:
                    skip = _duration_run_on(command, option_value, tokens[i + 1 :])
                if skip:
                    end = tokens[i + skip].end
                    option_value = " ".join(
                        [option_value, *(t.value for t in tokens[i + 1 : i + 1 + skip])]
                    )
                ctx.options[canonical] = option_value
                removed.append((token.start, end))
                continue
            if not has_text:
                usage = ctx.t(command.usage_here(ctx))
                allowed = ", ".join(f"{k}=" for k in option_names(command, ctx.lang, usage))
                if allowed:
                    raise UsageError(
                        N_("Unknown option {key}=. Possible: {allowed}"), key=key, allowed=allowed
                    )
                raise UsageError(
                    N_("/{command} takes no option {key}=."),
                    command=ctx.typed or command.name,
                    key=key,
                )
        if _is_flag(command, token) and (
            not has_text or len(positional) <= text_at or _only_flags_after(command, tokens, i)
        ):
            ctx.flags.add(fold(token.value))
            removed.append((token.start, token.end))
            continue
        positional.append(token)
    index = 0
    for param in command.params:
        if param.kind == "text":
            if index < len(positional):
                start = positional[index].start
                pieces, cursor = [], start
                for a, b in sorted(removed):
                    if a >= start:
                        pieces.append(rest[cursor:a])
                        cursor = b
                pieces.append(rest[cursor:])
                value: Any = " ".join("".join(pieces).split(" ")).strip()
                index = len(positional)
            else:
                value = ""
            if param.required and not value:
                raise missing(ctx, label_of(ctx, param))
            ctx.params[param.name] = value
            continue
        if param.kind == "words":
            ctx.params[param.name] = [t.value for t in positional[index:]]
            index = len(positional)
            if param.required and not ctx.params[param.name]:
                raise missing(ctx, label_of(ctx, param))
            continue
        if index >= len(positional):
            if param.required:
                raise missing(ctx, label_of(ctx, param))
            ctx.params[param.name] = None
            continue
        token = positional[index]
        index += 1
        if param.kind == "int":
            named = number_word(token, param) and index < len(positional)
            if named:  # "/frist Nr. 2 …"
                token = positional[index]
                index += 1
            swapped = number_last(ctx, param, rest, positional, index - 1) or _date_first(
                ctx, param, rest, positional, index - 1
            )
            if swapped:
                raise UsageError(N_("The number comes first: {line}"), line=swapped)
            date = None if named else _date_alone(ctx, command, param, positional, index - 1)
            if date is not None:
                raise UsageError(
                    N_("Which measure? {command} <number> {date}"), command=ctx.as_typed, date=date
                )
            if (
                param.in_words
                and any(ch.isalpha() for ch in token.value)
                and figure_of(token.value) is None  # "Nr.2"
            ):
                raise UsageError(param.in_words, text=token.value[:40])
            ctx.params[param.name] = parse_number(token.value)
        else:
            ctx.params[param.name] = token.value
    if index < len(positional):
        raise UsageError(
            N_("I did not understand “{extra}”."),
            extra=" ".join(t.value for t in positional[index:])[:80],
        )


def number_last(
    ctx: Context, param: Param, rest: str, positional: list[Token], at: int
) -> str | None:
    """The line to type when a measure's number was typed last instead of first
    (``/frist 15.03. 2``, ``/zuweisen Ben 2``: ``/frist 2 15.03.``), else None."""
    last = positional[-1]
    figure = figure_of(last.value)
    if (
        not param.in_words  # a measure's number: its commands take words after it
        or at == len(positional) - 1
        or figure_of(positional[at].value) is not None
        or last.quoted
        or figure is None
        or len(figure) > 3
    ):
        return None
    others = " ".join((rest[: last.start] + rest[last.end :]).split())
    return f"{ctx.as_typed} {figure} {others}"


def _date_first(
    ctx: Context, param: Param, rest: str, positional: list[Token], at: int
) -> str | None:
    """The line to type when a date that begins with its day was typed before the measure's
    number (``/frist 15. März 2``, ``/due 15 Dec 2027 2``: ``/frist 2 15. März``), else None.
    The day reads as a date with the words after it up to the last, a small number: with the
    dot of a German day before a word (``15. März``), or where the words after the day read
    as no date without it (``/due 1 Dec 15`` is measure 1, due on 15 December)."""
    first, last = positional[at], positional[-1]
    figure = figure_of(last.value)
    if (
        not param.in_words
        or at >= len(positional) - 2  # a date needs the day and a word after it
        or figure_of(first.value) is None
        or last.quoted
        or figure is None
        or len(figure) > 3
        or not _reads_as_date(ctx, " ".join(t.value for t in positional[at:-1]))
    ):
        return None
    german_day = first.value.endswith(".") and any(c.isalpha() for c in positional[at + 1].value)
    if not german_day and _reads_as_date(ctx, " ".join(t.value for t in positional[at + 1 :])):
        return None
    others = " ".join((rest[: last.start] + rest[last.end :]).split())
    return f"{ctx.as_typed} {figure} {others}"


def _date_alone(
    ctx: Context, command: Command, param: Param, positional: list[Token], at: int
) -> str | None:
    """The date typed with no measure's number before it where a command takes both
    (``/frist 15. März 2027``, ``/due 15 March 2027``, ``/frist 1.4.2027``), else None. A day
    before a month's name reads as part of the date with the dot of a German day (``15. März``)
    or a year after it (``15 March 2027``); without either it is the number (``/due 15
    March``: measure 15, due at the end of March)."""
    words = positional[at:]
    if (
        not param.in_words
        or all(p.name != "date" for p in command.params)
        or any(t.quoted for t in words)
        or not _reads_as_date(ctx, " ".join(t.value for t in words))
    ):
        return None
    if figure_of(words[0].value) is not None:
        month = len(words) > 1 and any(c.isalpha() for c in words[1].value)
        german_day = words[0].value.endswith(".")
        if not month or not (german_day or _YEAR.fullmatch(words[-1].value)):
            return None
    return " ".join(t.value for t in words)


def _reads_as_date(ctx: Context, text: str) -> bool:
    """Whether ``text`` is a date (also one that is ambiguous or not in the calendar, which
    is said when it is read)."""
    try:
        parse_datetime(text, now=ctx.now, tz=ctx.zone, lang=ctx.lang)
    except CommandError as err:
        return err.message in (DATE_AMBIGUOUS, DATE_NOT_IN_CALENDAR)
    return True


def number_word(token: Token, param: Param) -> bool:
    """Whether ``token`` is the word people put before a number ("Nr.", "Nummer"; "Runde"
    before a round's, "/schliessen Runde 1"; "Maßnahme" before a measure's)."""
    word = fold(token.value)
    named = _ROUND_WORDS if param.name == "round" else _MEASURE_WORDS if param.in_words else ()
    return not token.quoted and (word in NUMBER_WORDS or word in named)


def option_named(command: Command, key: str) -> str | None:
    """The option ``key`` names: as declared, else spelled with "ß" or umlauts, or without
    them (``schließt=`` is ``schliesst=``), as flags and command names are read."""
    found = command.options.get(key)
    if found is not None:
        return found
    typed = spellings(key)
    return next((v for k, v in command.options.items() if spellings(k) & typed), None)


def equals_forgotten(command: Command, rest: str, quoted: Iterable[object]) -> str | None:
    """``rest`` with an option's name typed without its "=" joined to the word after it
    (``schliesst Freitag`` → ``schliesst=Freitag``, also ``schliesst: Freitag``), where a
    refusal quoted (``quoted``: its parameters) that name or that word; None when there is
    none, so a refusal about another word gets no such hint."""
    keys = {fold(k) for k in command.options}
    named = {word for value in quoted for word in str(value).split()}
    tokens = tokenize(rest)
    fixed = rest
    for token, after in reversed(list(zip(tokens, tokens[1:], strict=False))):
        key = token.value.rstrip(":")
        if (
            token.quoted
            or option_of(token) is not None
            or option_of(after) is not None
            or fold(key) not in keys
            or not {token.value, after.value} & named
        ):
            continue
        fixed = fixed[: token.start] + key + "=" + fixed[after.start :]
    return fixed if fixed != rest else None


def _is_flag(command: Command, token: Token) -> bool:
    return not token.quoted and fold(token.value) in command.flags


def _only_flags_after(command: Command, tokens: list[Token], i: int) -> bool:
    """Whether everything after ``tokens[i]`` is a flag or an option: in a command that takes
    free text, a flag word counts before the text or at its end ("/status 2 done force"), so a
    note such as "Task Force gebildet" keeps its words and forces nothing."""
    return all(_is_flag(command, t) or option_of(t) is not None for t in tokens[i + 1 :])


def option_names(command: Command, lang: str, usage: str) -> list[str]:
    """The options of ``command`` as a reader of ``lang`` types them: the name its ``usage``
    (translated) shows, else in German the first German name declared (``kanal=`` after the
    English ``channel=``)."""
    names = []
    for canonical in dict.fromkeys(command.options.values()):
        keys = [k for k, v in command.options.items() if v == canonical]
        # As a whole word: "plan=" is no option the usage shows in "aktionsplan=".
        shown = [k for k in keys if re.search(rf"(?<!\w){re.escape(k)}=", usage)]
        german = [k for k in keys if k != canonical]
        names.append(shown[0] if shown else german[0] if lang == "de" and german else canonical)
    return sorted(names, key=fold)


def _text_run_on(command: Command, following: list[Token]) -> int:
    """How many of the ``following`` words belong to a text option typed without quotes
    (``fields=Jugend und Freizeit;Kultur``): all of them up to the next option, quoted
    phrase or flag."""
    for n, token in enumerate(following):
        if token.quoted or option_of(token) is not None or _is_flag(command, token):
            return n
    return len(following)


def _duration_run_on(command: Command, value: str, following: list[Token]) -> int:
    """How many of the ``following`` words belong to a length of time or a list of them typed
    without quotes (``offsets=2 weeks``, ``vorlauf=2 Wochen, 3 Tage``): the most, up to six,
    that still read as one together with ``value``. Options, flags and quoted words end the
    run (``/reminders offsets=3 Tage gruppe``)."""
    plain: list[str] = []
    for token in following[:MAX_DURATION_WORDS]:
        if token.quoted or option_of(token) is not None or _is_flag(command, token):
            break
        plain.append(token.value)
    for n in range(len(plain), 0, -1):
        try:
            parse_offsets(" ".join([value, *plain[:n]]))
        except InvalidValue:
            continue
        return n
    return 0


def _date_run_on(ctx: Context, command: Command, value: str, following: list[Token]) -> int:
    """How many of the ``following`` words belong to a date option typed without quotes
    (``closes=in 2 Wochen``, ``pause=Ende Juni``, ``closes=12.1.2027 18:00``): the most, up to
    four, that still read as a date together with ``value``. Options, flags and quoted words
    end the run, and it does not end on a bare number other than a year or a calendar week
    (``/round approval closes=Freitag 3 4``: 3 and 4 are measures; ``closes=KW 50``)."""
    plain: list[str] = []
    for token in following[:MAX_DATE_WORDS]:
        if token.quoted or option_of(token) is not None or fold(token.value) in command.flags:
            break
        plain.append(token.value)
    for n in range(len(plain), 0, -1):
        last = plain[n - 1]
        before = fold(plain[n - 2] if n > 1 else value)
        if last.isdecimal() and not _YEAR.fullmatch(last) and before not in _WEEK_WORDS:
            continue
        try:
            parse_datetime(" ".join([value, *plain[:n]]), now=ctx.now, tz=ctx.zone, lang=ctx.lang)
        except CommandError as err:
            # A date, but which day, or one the month does not have: said when it is read.
            if err.message not in (DATE_AMBIGUOUS, DATE_NOT_IN_CALENDAR):
                continue
        return n
    return 0


def label_of(ctx: Context, param: Param) -> str:
    """How a missing ``param`` is named to this reader (a youth representative: her own word,
    "deine Idee", where the command has one)."""
    if param.youth_label and ctx.in_youth_lane:
        return param.youth_label
    return param.label or param.name


def missing(ctx: Context, label: str) -> UsageError:
    """The refusal for something left out, named by ``label`` (an English message id) in the
    reader's language; commands use it for what they read themselves."""
    return UsageError(N_("Something is missing: {name}."), name=ctx.t(label))


def parse_number(text: str) -> int:
    """A measure or round number as people type it: ``3``, ``#3``, ``Nr. 3``, ``Nr.3``,
    ``3.``."""
    value = figure_of(text) or ""
    if not value.isdecimal():
        raise UsageError(N_("“{text}” is not a number."), text=text[:40])
    if len(value) > 9:  # no measure or round gets that far (and the database column ends)
        raise UsageError(N_("“{text}” is far too large for a number here."), text=text[:40])
    return int(value)
