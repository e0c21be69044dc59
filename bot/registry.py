"""Command declarations: one declaration serves Telegram, Matrix and the console."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.errors import CommandError
from bot.i18n import N_
from bot.parsing import fold, spellings
from bot.roles import EVERYONE, YOUTH

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.context import Context
    from bot.events import Message

Handler = Callable[["Context"], Awaitable[None]]
# The group a file from this sender in this chat was asked for, or None (not awaited).
AwaitsFile = Callable[["AsyncSession", "Message", datetime], Awaitable[int | None]]
# The group a request of the sender's, which the command's words answer, was made for.
Answers = Callable[["Context", str], Awaitable[int | None]]

# How close a typed name must be to a command's (difflib's ratio) to be offered as meant: one
# letter wrong in a name of four (/lnag), one left out of three.
TYPO_CLOSENESS = 0.75
#: "/vorschläge" (folded): the list of proposals, not /vorschlagen (a new one).
PROPOSALS_WORDS = frozenset({"vorschlage", "vorschlaege", "proposals"})
#: "/erledigt 1", "/done 1" (folded): measure 1 is done, which /status reports.
DONE_WORDS = frozenset(
    {"done", "finished", "completed", "erledigt", "fertig", "umgesetzt", "abgeschlossen"}
)
#: "/übernehmen 1", "/take 1" (folded): whoever types it takes measure 1 on (/assign 1 me).
TAKE_WORDS = frozenset({"take", "takeover", "ubernehmen", "uebernehmen", "ubernehme", "uebernehme"})
#: "/übergeben ben", "/koordination ben", "/handover ben" (folded): hand the coordination to
#: Ben, which /role does (then /leave, for whoever steps back).
HANDOVER_WORDS = frozenset(
    {"ubergeben", "uebergeben", "ubergabe", "uebergabe", "koordination", "handover", "hand_over"}
)


@dataclass(frozen=True)
class Meant:
    """Words that are no command's name but stand for one (folded, typed as the name): they
    mean ``command`` followed by ``then`` (by language; ``{number}``: the measure's number
    typed after the word, which the rule then needs)."""

    words: frozenset[str]
    command: str
    then: dict[str, str] = field(default_factory=dict)


#: What stands in for ``{name}`` in a ``Meant`` rule's ``then`` when nothing was typed after it.
NAME_PLACEHOLDER = {"de": "<Name>", "en": "<name>"}


#: What such a word meant, the first of them the sender may use: "/vorschläge" the list of
#: proposals (not /vorschlagen, a new one), to someone who may not list measures their own
#: ideas; "/erledigt 1" reports measure 1 done; "/übernehmen 1" takes it on; "/übergeben ben"
#: hands the coordination to Ben.
MEANT = (
    Meant(PROPOSALS_WORDS, "measures", {"de": "vorgeschlagen", "en": "proposed"}),
    Meant(PROPOSALS_WORDS, "myideas"),
    Meant(DONE_WORDS, "status", {"de": "{number} umgesetzt", "en": "{number} done"}),
    Meant(TAKE_WORDS, "assign", {"de": "{number} ich", "en": "{number} me"}),
    Meant(HANDOVER_WORDS, "role", {"de": "{name} koordination", "en": "{name} coordinator"}),
)

GROUP = "group"
DIRECT = "direct"
ANYWHERE = frozenset({GROUP, DIRECT})


def not_for_youth(ctx: Context) -> bool:
    """A ``listed`` hook: /help lists the command to everyone but a youth representative, whose
    list keeps to what she uses (her ideas, the measures, voting, her data and name, help and
    language); typed, it works for her as before."""
    return ctx.role != YOUTH


@dataclass(frozen=True)
class Param:
    """A positional argument. ``kind``: ``word`` (one token), ``int``, ``words`` (all the
    remaining tokens) or ``text`` (the raw rest of the line, quotes and spacing kept).
    ``label`` (an English message id) names it to people when it is missing; ``in_words``
    (one with ``{text}``) answers an ``int`` given in words, say where to find its number;
    ``youth_label`` names it to a youth representative, where the command means something else
    to her (her idea, not a measure's title)."""

    name: str
    kind: str = "word"
    required: bool = True
    label: str = ""
    in_words: str = ""
    youth_label: str = ""


@dataclass(frozen=True)
class Command:
    """A command: name, aliases, arguments, who may use it where, help in both languages.

    ``summary`` and ``usage`` are English message ids (marked with ``N_``); ``youth_summary``,
    where set, is what /help says to a youth representative or in a youth chat, for a command
    that does something else there (a proposal becomes an idea); ``options`` lists
    the ``key=value`` keys accepted (with aliases mapping to the canonical key); ``any_options``
    lets the handler read arbitrary keys (``/edit``); ``date_options`` are the canonical keys
    whose value is a date or time and may run on over words (``closes=in 2 Wochen``, see
    ``bot.arguments``); ``text_options`` those whose value runs on to the next option, as
    typed (``fields=Jugend und Freizeit;Kultur``: a list of names with spaces in them);
    ``duration_options`` those whose value is a length of time or a list of them and runs on
    over the words that still read as one (``offsets=2 Wochen, 3 Tage``). ``needs_group``: the chat or person must belong to a steering group;
    ``new_chats_only``: it makes a chat part of a group, so /help leaves it out in a chat that
    already is. ``misplaced``: what a command made for one kind of chat does when typed in the
    other (say, a code that must not stay in a group chat); by default the refusal that points
    to the right place. ``role_from_any_group``: in a direct chat the sender's role in any of
    their groups counts, not only in the group the direct chat speaks for (a command about the
    person rather than a group, like /age). ``listed``: whether /help lists the command to this
    reader, for one that more may call than can use (a stranger may call /propose, but only in
    a youth chat does it take their idea; everyone may read /sensitive, only coordinators
    change it). ``awaits_file``: the command takes files; the dispatcher fetches a file sent
    with it before the unit of work, and a file sent without a command goes to it when this
    names the group the sender was asked for one here (``/import``, then the list): the file
    goes to that group, also when the direct chat speaks for another by now; ``answers``: in
    the direct chat of someone in several groups, the group a request of theirs that these
    words answer was made for (``/import yes`` confirms the list checked for a group), else
    None: the command then counts there, with the sender's role there, also when the chat
    speaks for another group by now (/group switched in between); ``file_hint``
    (a message id) tells someone whose role may use it, sending a file nobody awaits in a
    direct chat, how to send one. ``refused_hints``: for a role that may not use it, a line
    (a message id) added to the refusal, pointing to what that role may use instead;
    ``refused_hint_if``: whether that line concerns this reader (None: always).
    ``who``: who may use it, for /help's "Who:" line (a message id), where ``roles`` lets in
    more than the handler then serves (/propose takes ideas from anyone in a youth chat).
    ``help_note``: a further line (already translated) that /help <command> gives this
    reader, or None, for what only some chats offer (/lang group in a youth chat); it is
    handed the command's name as shown to the reader. ``usage_in``: the usage (a message id)
    in this reader's group where it differs from ``usage``, or None (/programme in a
    Familiengerechte Kommune names its annual report and certificate).
    The first alias is the German name (see ``local_name``).
    """

    name: str
    handler: Handler
    summary: str
    usage: str
    aliases: tuple[str, ...] = ()
    youth_summary: str | None = None
    youth_usage: str | None = None
    params: tuple[Param, ...] = ()
    options: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    any_options: bool = False
    date_options: frozenset[str] = frozenset()
    text_options: frozenset[str] = frozenset()
    duration_options: frozenset[str] = frozenset()
    roles: frozenset[str] = EVERYONE
    where: frozenset[str] = ANYWHERE
    needs_group: bool = True
    new_chats_only: bool = False
    misplaced: Handler | None = None
    publish: bool = True
    role_from_any_group: bool = False
    listed: Callable[[Context], bool] | None = None
    awaits_file: AwaitsFile | None = None
    answers: Answers | None = None
    file_hint: str = ""
    refused_hints: dict[str, str] = field(default_factory=dict)
    refused_hint_if: Callable[[Context], bool] | None = None
    who: str | None = None
    help_note: Callable[[Context, str], str | None] | None = None
    usage_in: Callable[[Context], str | None] | None = None

    def usage_for(self, youth: bool) -> str:
        """How to use it (a message id); for the youth ``youth_usage`` where set ("/idee
        <deine Idee>")."""
        return self.youth_usage if youth and self.youth_usage else self.usage

    def usage_here(self, ctx: Context) -> str:
        """``usage_for`` this reader, in the words of their group where ``usage_in`` has
        them."""
        if ctx.in_youth_lane and self.youth_usage:
            return self.youth_usage
        return (self.usage_in(ctx) if self.usage_in else None) or self.usage

    def local_name(self, lang: str) -> str:
        """The name a reader of ``lang`` is shown (``/vorschlag`` in German, ``/propose`` in
        English); every name works everywhere."""
        if lang == "de" and self.aliases:
            return self.aliases[0]
        return self.name

    def names_for(self, lang: str) -> tuple[str, ...]:
        """The names a reader of ``lang`` types: in German the German ones (the aliases, where
        there are any), else the English name."""
        if lang == "de" and self.aliases:
            return self.aliases
        return (self.name,)

    def other_names(self, lang: str) -> list[str]:
        """Every name but ``local_name(lang)``."""
        shown = self.local_name(lang)
        return [n for n in (self.name, *self.aliases) if n != shown]


@dataclass(frozen=True)
class PublishedCommand:
    """A command as an adapter publishes it (Telegram ``setMyCommands``)."""

    name: str
    summaries: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)

    def name_in(self, lang: str) -> str:
        return self.names.get(lang, self.name)

    def description(self, lang: str) -> str:
        return self.summaries.get(lang) or self.summaries.get("en", "")


class Registry:
    """Every command by name and alias."""

    def __init__(self, commands: Iterable[Command] = ()) -> None:
        self._commands: list[Command] = []
        self._by_name: dict[str, Command] = {}
        # Names by their spellings (``spellings``): "/ubersicht" without the umlaut's dots is
        # /übersicht; None where two commands would share one.
        self._by_spelling: dict[str, Command | None] = {}
        self._actions: dict[str, Handler] = {}
        self._repeatable: set[str] = set()
        self._typed: list[Callable[[str], str | None]] = []
        for command in commands:
            self.add(command)

    def add(self, command: Command) -> None:
        """Register ``command``; a name or alias used twice is a programming error."""
        for key in (command.name, *command.aliases):
            if key in self._by_name:
                raise ValueError(f"command name {key!r} declared twice")
            self._by_name[key] = command
            for spelling in spellings(key):
                seen = self._by_spelling.get(spelling, command)
                self._by_spelling[spelling] = command if seen is command else None
        self._commands.append(command)

    def add_action(self, prefix: str, handler: Handler, *, repeatable: bool = False) -> None:
        """Route button presses / poll answers whose action starts with ``prefix:``. Such a
        button answers a question once, and a press that is carried out takes the buttons off
        its message; ``repeatable`` ones stay (a round's choices, toggled until it closes)."""
        if prefix in self._actions:
            raise ValueError(f"action prefix {prefix!r} declared twice")
        self._actions[prefix] = handler
        if repeatable:
            self._repeatable.add(prefix)

    def action_prefixes(self) -> list[str]:
        """Every button action's prefix (for checks over all of them)."""
        return list(self._actions)

    def answers_once(self, ref: str) -> bool:
        """Whether the button with action string ``ref`` is done with once it was carried out."""
        return ref.partition(":")[0] not in self._repeatable

    def add_typed_answer(self, read: Callable[[str], str | None]) -> None:
        """``read(text)`` turns a plain message in a direct chat into the action string of a
        button it answers ("unter 16" → "age:under16:typed"), or None."""
        self._typed.append(read)

    def typed_answer(self, text: str) -> str | None:
        """The action a plain direct message stands for, if a capability reads it as one."""
        return next((ref for read in self._typed if (ref := read(text)) is not None), None)

    def action(self, ref: str) -> Handler | None:
        """The handler for an action string ``prefix:…``."""
        return self._actions.get(ref.partition(":")[0])

    def get(self, name: str) -> Command | None:
        """The command called ``name`` (or one of its aliases), also typed with umlauts
        without their dots or spelled out (``/ubersicht``, ``/uebersicht``)."""
        found = self._by_name.get(name.lower())
        if found is not None:
            return found
        matches = [c for s in spellings(name) if (c := self._by_spelling.get(s)) is not None]
        return matches[0] if matches and all(c is matches[0] for c in matches) else None

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands)

    def suggest(self, name: str, lang: str, role: str | None = None) -> str | None:
        """The known name closest to ``name``, for a typo: one of the names a reader of
        ``lang`` is shown where one is close, else any; None when none is close (a word of
        another language that shares a few letters is no typo: /stopp is not /setup). Only a
        name the sender (``role``; None: not known) may use: of two as close, theirs; and
        none when one they may not use is closer (a youth representative's /zuweisn was
        /zuweisen, refused to her: she is pointed to /help, not to that nor to another that
        shares a few letters with it)."""
        typed = name.lower()
        local = [n for c in self._commands for n in c.names_for(lang)]
        for names in (local, list(self._by_name)):
            close = [
                (closeness, _usable(self._by_name[n], role), n)
                for n in names
                if (closeness := difflib.SequenceMatcher(None, n, typed).ratio()) >= TYPO_CLOSENESS
            ]
            if close:
                _closeness, usable, closest = max(close)
                return closest if usable else None
        return None

    def meant(self, name: str, lang: str, rest: str = "", role: str | None = None) -> str | None:
        """What ``/name rest`` (no command) was meant as, with its argument where that differs
        from a typo's closest name: the words of ``MEANT`` ("/vorschläge" lists the proposals,
        "massnahmen vorgeschlagen"; to a sender, ``role``, who may not list measures, in a
        youth chat no member, their own, "meineideen"; "/erledigt 1" is "stand 1 umgesetzt"),
        and "/maßnahme 1" shows measure 1 ("zeige 1", not the list "maßnahmen"). Each only to
        a sender who may use it (see :meth:`suggest`)."""
        word = fold(name)
        number = (rest.split() or [""])[0].lstrip("#")
        is_number = number.isascii() and number.isdecimal() and len(number) < 10
        for rule in MEANT:
            command, then = self.get(rule.command), rule.then.get(lang, rule.then.get("en", ""))
            if word not in rule.words or command is None or not _usable(command, role):
                continue
            if is_number or "{number}" not in then:
                # "{name}": the words typed after it, as typed ("/übergeben Ben Weber")
                name = " ".join(rest.split())[:40] or NAME_PLACEHOLDER.get(lang, "<name>")
                filled = then.format(number=number, name=name)
                return " ".join([command.local_name(lang), filled]).strip()
        suggestion = self.suggest(name, lang, role)
        listing, show = self.get("measures"), self.get("show")
        if (
            is_number
            and listing is not None
            and show is not None
            and suggestion in (listing.name, *listing.aliases)
            and _usable(show, role)
        ):
            return f"{show.local_name(lang)} {number}"
        return suggestion

    def unknown(
        self, name: str, lang: str, rest: str = "", role: str | None = None
    ) -> CommandError:
        """The refusal for ``/name`` that is no command, with the name meant where it looks
        like a typo of one (with its argument, for the sender's ``role``: see :meth:`meant`)."""
        shown = name[:40]
        suggestion = self.meant(name, lang, rest, role)
        if suggestion:
            return CommandError(
                N_("I don't know /{name}. Did you mean /{suggestion}? /help lists all commands."),
                name=shown,
                suggestion=suggestion,
            )
        return CommandError(N_("I don't know /{name}. /help lists all commands."), name=shown)

    def published(self, translate: Callable[[str, str], str]) -> list[PublishedCommand]:
        """Commands with their one-line summaries in German and English."""
        return [
            PublishedCommand(
                _publishable_name(c),
                {lang: translate(lang, c.summary) for lang in ("de", "en")},
                {"de": c.local_name("de"), "en": _publishable_name(c)},
            )
            for c in self._commands
            if c.publish
        ]


def _usable(command: Command, role: str | None) -> bool:
    """Whether someone of ``role`` (None: not known) may use ``command`` (one that takes
    the role from any of their groups counts: the group does not tell)."""
    return role is None or role in command.roles or command.role_from_any_group


def _publishable_name(command: Command) -> str:
    """The English name to publish: platforms such as Telegram allow only ``[a-z0-9_]``, so
    ``who-voted`` is published as its alias ``who_voted`` when there is one."""
    underscored = command.name.replace("-", "_")
    if underscored != command.name and underscored in command.aliases:
        return underscored
    return command.name
