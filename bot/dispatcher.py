"""The dispatcher: from an incoming event to a handler and back to replies.

For every event: open a unit of work whose first statement records the event as handled (a
second delivery fails on the primary key and is skipped); read the command; find the person, the
group and the role (on SQLite from the context cache while nothing about them changed); check
where and by whom the command may be used; read the arguments; run the handler and commit; then
send the replies. A refusal before the handler ran commits the record alone (nothing else was
written); one from the handler rolls its work back and records the event anew. Every refusal is
a short message in the user's language; an unexpected error is an apology with an incident id
(the trace goes to the log), and the loop goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable

from babel.numbers import format_decimal
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.arguments import equals_forgotten, read_arguments
from bot.context import Context, Outgoing
from bot.errors import CommandError, UsageError
from bot.events import Action, Incoming, Message, Reply, SentRef
from bot.i18n import N_, Translator
from bot.incoming_files import AskedFor, command_for_file, with_file_data
from bot.parsing import MAX_INPUT_CHARS, CommandLine, clean_text, split_command
from bot.questions import GREETING, THANKS, small_talk, topic_of
from bot.registry import DIRECT, GROUP, Command
from bot.roles import (
    MY_IDEAS_HINT,
    NO_LONGER_IN_A_GROUP,
    NOT_YET_IN_A_GROUP,
    STRANGER,
    YOUTH,
    direct_only,
    no_group,
    not_allowed,
)
from bot.services import Services, pasted_code
from bot.values import shortened
from storage.repo import context as context_repo
from storage.repo import lifecycle, people
from storage.repo.context_cache import Snapshot
from storage.repo.system import was_processed

log = logging.getLogger(__name__)
# A file in the direct chat that no command awaits: the commands that take files say how.
FILES_ASKED_FOR = N_("I only read files I asked for.")
FILE_NOT_READ = N_("I do not read files. Please write to me as text; /help shows what I can do.")
# How much of a youth representative's message the hint "/propose <it>" quotes.
IDEA_EXAMPLE = 80

Deliver = Callable[[list[Outgoing]], Awaitable[None]]


class Dispatcher:
    """Turns incoming events into handler calls and replies."""

    def __init__(self, services: Services, deliver: Deliver) -> None:
        self.services = services
        self.deliver = deliver

    async def handle(self, event: Incoming) -> None:
        """Handle one event; never raises (the adapter's loop must keep running)."""
        started = time.perf_counter()
        outcome = "ok"
        try:
            outgoing = await self._handle(event)
        except Exception:  # the last line of defence: log, never crash the loop
            outcome = "crash"
            incident = secrets.token_hex(4)
            log.exception(
                "incident %s: event %s crashed outside the unit of work",
                incident,
                _event_tag(event),
            )
            # E.g. the database connection died: still tell the person, rather than stay silent.
            tr = self.services.i18n(self.services.settings.lang)
            outgoing = [
                Outgoing(Reply(_apology(tr, incident), in_reply_to=event.event_id), chat=event.chat)
            ]
        if outgoing:
            try:
                await self.deliver(outgoing)
            except Exception:
                outcome = "delivery-failed"
                log.exception("delivering replies for %s failed", _event_tag(event))
        log.debug(
            "event %s handled (%s) in %.1f ms",
            _event_tag(event),
            outcome,
            (time.perf_counter() - started) * 1000,
        )

    async def _handle(self, event: Incoming) -> list[Outgoing]:
        if isinstance(event, Message):
            text = clean_text(event.text)
            line = split_command(text)
            asked = None  # a file sent without a command: the request it answers
            if line is None and event.files:
                asked = await command_for_file(self.services, event)
                line = asked.line if asked is not None else None
            if line is not None and event.files and await self._fetches_for(event, line, asked):
                event = await with_file_data(self.services, event)
            if line is None:
                ref = self.services.registry.typed_answer(text) if event.chat.is_direct else None
                if ref is None:
                    return await self._not_a_command(event)
                # A typed answer to a question with buttons ("unter 16"): handled as the press.
                event = Action(event.chat, event.sender, ref, event.event_id)
                text, line, asked = "", None, None
        else:
            text, line, asked = "", None, None
        async with self.services.sessions() as session:
            message = event if isinstance(event, Message) else _as_message(event)
            try:
                epoch = await self._mark(session, event, first=True)
            except IntegrityError:
                await session.rollback()
                log.info("event %s seen before, skipped", _event_tag(event))
                return []
            ctx = await self._context(session, message, epoch)
            if isinstance(event, Action):
                ctx.action = event
            ran = False  # whether a handler ran: until then nothing but the record was written
            try:
                run = await self._prepare(ctx, event, line, text, asked)
                ran = True
                await run()
                await session.commit()
                return _removing(ctx.outbox, event, ctx)
            except CommandError as exc:
                # Read before the rollback expires the chat binding and the group (only for
                # the usage line, which may name the options of the group's programme).
                command = self.services.registry.get(ctx.command) if ctx.command else None
                usage = ""
                if isinstance(exc, UsageError) and not exc.hint and command is not None:
                    usage = ctx.t(command.usage_here(ctx))
                    meant = (
                        equals_forgotten(command, line.rest, exc.params.values()) if line else None
                    )
                    if meant is not None:  # "schliesst Freitag": the line to copy, not usage
                        exc.hint = ctx.t(
                            N_("An option is written with “=”: {example}"),
                            example=f"{ctx.as_typed} {meant}",
                        )
                person_id = ctx.person.id if ctx.person is not None else None
                if ran:  # the handler may have written before it refused: undone
                    await session.rollback()
                if (  # someone who has left is in no group, but not "yet"
                    exc.message == NOT_YET_IN_A_GROUP
                    and person_id is not None
                    and await people.was_member(session, person_id)
                ):
                    exc.message = NO_LONGER_IN_A_GROUP
                text_out = ctx.headed(ctx.t(exc.message, **exc.params))
                if exc.hint:
                    text_out += "\n" + exc.hint
                elif usage:
                    text_out += "\n" + ctx.t(N_("Usage: {usage}"), usage=usage)
                outgoing = await self._finish_refused(session, event, ctx, text_out, marked=not ran)
                return _removing(outgoing, event, ctx)
            except IntegrityError:
                await session.rollback()
                if await was_processed(session, event.chat.platform, event.event_id):
                    return []  # the same event handled concurrently: no second effect
                return await self._incident(session, event, ctx)
            except Exception:
                await session.rollback()
                return await self._incident(session, event, ctx)

    async def _prepare(
        self,
        ctx: Context,
        event: Incoming,
        line: CommandLine | None,
        text: str,
        asked: AskedFor | None = None,
    ) -> Callable[[], Awaitable[None]]:
        """Everything before the handler: find it, check the message's length, the place and
        the role, read the arguments. It only reads, so that a refusal from here (raised) leaves
        nothing to undo; returns the handler's run. ``asked``: the request a file sent without
        a command answers."""
        if isinstance(event, Action):
            return await self._action(ctx, event)
        assert line is not None
        if len(text) > MAX_INPUT_CHARS:
            raise CommandError(
                N_(
                    "Your message is too long ({length} characters). Please keep it "
                    "under {limit} characters."
                ),
                length=format_decimal(len(text), locale=ctx.lang),
                limit=format_decimal(MAX_INPUT_CHARS, locale=ctx.lang),
            )
        if asked is not None:
            await _group_asked_for(ctx, asked.group_id)
        return await self._command(ctx, line.name, line.rest)

    async def _fetches_for(self, event: Message, line: CommandLine, asked: AskedFor | None) -> bool:
        """Whether to fetch the files sent with ``line``'s command: it takes files and the
        sender's role may use it (nobody makes the bot download what it would refuse anyway),
        or the sender was asked for them (by that command, which their role could use)."""
        command = self.services.registry.get(line.name)
        if command is None or command.awaits_file is None:
            return False
        if asked is not None:
            return True
        async with self.services.sessions() as session:
            ctx = await self._context(session, event, None)
            return ctx.role in command.roles

    async def _not_a_command(self, event: Message) -> list[Outgoing]:
        if not event.chat.is_direct:
            return []  # ordinary conversation in a group is none of our business
        role, age_open = None, False
        try:  # in the person's language, as "du" to a youth representative
            async with self.services.sessions() as session:
                ctx = await self._context(session, event, None)
                tr, role = ctx.tr, ctx.role
                age_open = await _age_question_open(ctx)
        except Exception:  # the hint does not need the database
            log.warning("no context for a direct message; answering in the default language")
            tr = self.services.i18n(self.services.settings.lang)
        if event.files and not event.text.strip():
            hints = [
                tr.t(c.file_hint) for c in self.services.registry if c.file_hint and role in c.roles
            ]
            text = " ".join([tr.t(FILES_ASKED_FOR), *hints]) if hints else tr.t(FILE_NOT_READ)
            return [Outgoing(Reply(text, in_reply_to=event.event_id), chat=event.chat)]
        text = tr.t(N_("I understand commands. Type /help to see them."))
        idea = " ".join(event.text.split())
        meant = self._what_was_meant(idea, tr)
        if meant is not None:  # "beitreten K7X2", a code pasted alone: the command to type
            return [
                Outgoing(Reply(f"{text}\n{meant}", in_reply_to=event.event_id), chat=event.chat)
            ]
        said = small_talk(idea)
        if said == THANKS:
            text = tr.t(N_("You're welcome."))
        elif said == GREETING:  # where to start, as the welcome says it
            digest = self.services.registry.get("digest")
            if digest is not None and role in digest.roles:
                text = tr.t(N_("What is going on: /digest · what you can do: /help"))
            text = tr.t(N_("Hello!")) + " " + text
        # Out of the blue, a youth representative's words are likely an idea, a single one
        # too ("Skatepark"; not "Hallo", "ok", not a question); while the age question is
        # open, likely about it ("ich bin erst 14"): never offered to be sent as an idea.
        topic = self.services.registry.get(topic_of(idea) or "")
        helper = self.services.registry.get("help")
        if topic is not None and helper is not None and (role is None or role in topic.roles):
            # "wie stimme ich ab?": where the answer is, not only that commands exist
            lang = tr.lang
            name = topic.local_name(lang)
            if role == YOUTH and topic.youth_usage:  # the name her usage shows: "/idee …"
                name = tr.t(topic.youth_usage).split()[0].lstrip("/")
            line = f"/{helper.local_name(lang)} {name}"
            text += "\n" + tr.t(N_("About that: {line}"), line=line)
        if age_open:
            text += "\n" + tr.t(
                N_("Still open: are you under 16? Answer “under 16” or “16 or older”.")
            )
        elif role == YOUTH and topic is None and said is None and not idea.endswith("?"):
            idea = shortened(idea, IDEA_EXAMPLE)
            text += "\n" + tr.t(N_("To send it as an idea: /propose {text}"), text=idea)
        return [Outgoing(Reply(text, in_reply_to=event.event_id), chat=event.chat)]

    def _what_was_meant(self, text: str, tr: Translator) -> str | None:
        """For a message that is no command: the command it likely meant — a command's name
        without the slash ("idee Skatepark"), or an invitation code pasted alone."""
        words = text.split()
        if not words:
            return None
        if self.services.registry.get(words[0]) is not None:
            return tr.t(
                N_("Commands start with a slash: {command}"), command="/" + shortened(text, 80)
            )
        code = pasted_code(words[0])
        if len(words) == 1 and code is not None:
            return tr.t(N_("To join with this code: /join {code}"), code=code)
        return None

    async def _finish_refused(
        self, session: AsyncSession, event: Incoming, ctx: Context, text: str, *, marked: bool
    ) -> list[Outgoing]:
        """Commit the record that the event was handled (``marked``: it is still in this unit
        of work, which wrote nothing else; else recorded again after the rollback) and answer
        with ``text``."""
        try:
            if not marked:
                await self._mark(session, event)
            await session.commit()
        except IntegrityError:
            await session.rollback()
            return []
        except Exception:
            # The database went away (connection lost): the answer matters more than the record
            # that the event was handled; nothing else of this unit of work was committed.
            log.warning("could not record event %s as handled", _event_tag(event), exc_info=True)
            with contextlib.suppress(Exception):
                await session.rollback()
        return [Outgoing(Reply(text, in_reply_to=event.event_id), chat=event.chat)]

    async def _incident(
        self, session: AsyncSession, event: Incoming, ctx: Context
    ) -> list[Outgoing]:
        incident = secrets.token_hex(4)
        log.exception("incident %s while handling %s /%s", incident, _event_tag(event), ctx.command)
        return await self._finish_refused(
            session, event, ctx, _apology(ctx.tr, incident), marked=False
        )

    async def _mark(
        self, session: AsyncSession, event: Incoming, *, first: bool = False
    ) -> int | None:
        """Record the event as handled in this unit of work (IntegrityError: it was before);
        the first time, also read the context epoch when the context cache is in use."""
        return await context_repo.mark_processed(
            session,
            event.chat.platform,
            event.event_id,
            self.services.clock.now(),
            epoch=first and self.services.context_cache is not None,
        )

    async def _context(self, session: AsyncSession, message: Message, epoch: int | None) -> Context:
        """Who asks in which group with which role.

        One query answers all of it (see storage.repo.context): every statement is a round trip.
        While the context epoch stands still, the answer comes from the context cache.
        """
        services = self.services
        ctx = Context(message=message, session=session, services=services, tr=services.i18n(None))
        sender = message.sender
        chat_id = None if message.chat.is_direct else message.chat.chat_id
        key = (message.chat.platform, sender.user_id, chat_id)
        cache = services.context_cache
        snapshot = cache.get(epoch, key) if cache is not None and epoch is not None else None
        if snapshot is not None:
            found = snapshot.restore(session)
        else:
            found = await context_repo.event_context(
                session, platform=message.chat.platform, user_id=sender.user_id, chat_id=chat_id
            )
            if message.chat.is_direct and found.person is not None:
                joined = await people.groups_of(session, found.person.id)
                if joined:  # in a direct chat: the group chosen with /group, else the latest
                    chosen, member = people.direct_group(found.person, joined)
                    found = dataclasses.replace(
                        found, group=chosen, membership=member, groups=len(joined)
                    )
            if cache is not None and epoch is not None:
                cache.put(epoch, key, Snapshot.of(found))
        identity, person, group, membership = (
            found.identity,
            found.person,
            found.group,
            found.membership,
        )
        if identity is not None:
            ctx.identity = identity
            ctx.person = person
            if sender.display_name and identity.display_name != sender.display_name:
                identity.display_name = sender.display_name
                if person is not None and person.forgotten_at is None:
                    person.display_name = sender.display_name
        if message.chat.is_direct:
            if person is not None and group is not None and membership is not None:
                ctx.group, ctx.role = group, membership.role
                ctx.groups = found.groups
        else:
            ctx.binding = found.binding
            if found.binding is not None:
                ctx.group = group
                if group is not None and person is not None and membership is not None:
                    ctx.role = membership.role
        ctx.speak(self._language(ctx))
        return ctx

    def _language(self, ctx: Context) -> str:
        if ctx.is_direct and ctx.person is not None and ctx.person.lang:
            return ctx.person.lang
        if ctx.binding is not None and ctx.binding.lang:  # a youth chat's own language
            return ctx.binding.lang
        if ctx.group is not None:
            return ctx.group.lang
        if ctx.person is not None and ctx.person.lang:
            return ctx.person.lang
        return self.services.settings.lang

    async def _command(self, ctx: Context, name: str, rest: str) -> Callable[[], Awaitable[None]]:
        registry = self.services.registry
        command = registry.get(name)
        if command is None:
            raise registry.unknown(name, ctx.lang, rest, ctx.role)
        ctx.command, ctx.typed = command.name, name
        if command.misplaced is not None and not self._right_place(ctx, command):
            read_arguments(ctx, command, rest)
            return functools.partial(command.misplaced, ctx)
        if command.answers is not None and ctx.is_direct and ctx.groups > 1:
            group_id = await command.answers(ctx, rest)
            if group_id is not None:
                await _group_asked_for(ctx, group_id)
        if command.role_from_any_group and ctx.role not in command.roles:
            await self._role_from_another_group(ctx, command)
        try:
            self._check_allowed(ctx, command)
        except CommandError as refusal:
            await _point_proposer_to_ideas(ctx, refusal)
            raise
        if ctx.is_direct and ctx.groups > 1 and command.needs_group and ctx.group is not None:
            ctx.heading = ctx.group.name  # someone in several groups sees which one answers
        read_arguments(ctx, command, rest)
        return functools.partial(command.handler, ctx)

    @staticmethod
    async def _role_from_another_group(ctx: Context, command: Command) -> None:
        """In a direct chat of someone in several groups: answer for the latest group in which
        their role may use ``command``, when the group the chat speaks for is not one."""
        if not ctx.is_direct or ctx.groups < 2 or ctx.person is None:
            return
        for group, membership in await people.groups_of(ctx.session, ctx.person.id):
            if membership.role in command.roles:
                ctx.group, ctx.role = group, membership.role
                return

    async def _action(self, ctx: Context, action: Action) -> Callable[[], Awaitable[None]]:
        handler = self.services.registry.action(action.ref)
        if handler is None:
            raise CommandError(N_("This button is no longer valid."))

        async def run() -> None:
            await handler(ctx)
            if action.message_id is not None and self.services.registry.answers_once(action.ref):
                ref = SentRef(action.chat, action.message_id)
                if not any(_edits(item, ref) for item in ctx.outbox):  # an edit drops them too
                    ctx.outbox.append(Outgoing(Reply(""), drop_choices=ref))

        return run

    @staticmethod
    def _right_place(ctx: Context, command: Command) -> bool:
        return (DIRECT if ctx.is_direct else GROUP) in command.where

    def _check_allowed(self, ctx: Context, command: Command) -> None:
        if not self._right_place(ctx, command):
            if ctx.is_direct and ctx.groups > 1 and ctx.group is not None:
                # In several groups: which group chat (the one this chat speaks for).
                raise CommandError(
                    N_("/{command} works in the group chat of {group}, not here."),
                    command=ctx.typed,
                    group=ctx.group.name,
                )
            if ctx.is_direct:
                raise CommandError(
                    N_("/{command} works in the group chat of your steering group, not here."),
                    command=ctx.typed,
                )
            raise direct_only(ctx)
        if command.needs_group and ctx.group is None:
            raise no_group(ctx)
        if ctx.role not in command.roles:
            refusal = not_allowed(ctx, command.roles, ctx.group.name if ctx.group else "")
            hint = command.refused_hints.get(ctx.role)
            if hint and (command.refused_hint_if is None or command.refused_hint_if(ctx)):
                refusal.hint = ctx.t(hint)
            raise refusal


def _edits(item: Outgoing, ref: SentRef) -> bool:
    """Whether ``item`` edits the message ``ref`` (without buttons: it answers the press)."""
    edit = item.edit
    return (
        edit is not None
        and edit.message_id == ref.message_id
        and edit.chat.same_chat(ref.chat)
        and not item.reply.choices
    )


async def _group_asked_for(ctx: Context, group_id: int) -> None:
    """A file sent without a command answers a request made for ``group_id`` (/import, then the
    list), or a command does (/import yes, see ``Command.answers``): in the direct chat of
    someone in several groups it goes to that group, also when the chat speaks for another by
    now (/group switched in between), with their role there. Looked up only then."""
    if not ctx.is_direct or ctx.person is None or ctx.group is None or ctx.group.id == group_id:
        return
    for group, membership in await people.groups_of(ctx.session, ctx.person.id):
        if group.id == group_id:
            ctx.group, ctx.role = group, membership.role
            ctx.speak(ctx.person.lang or group.lang)  # "du" or "Sie" as their role there asks
            return


async def _point_proposer_to_ideas(ctx: Context, refusal: CommandError) -> None:
    """Someone who sent ideas from a youth chat without being a member is refused most
    commands (no group in the direct chat, a guest in the youth chat): the refusal ends by
    pointing to the one list that is theirs. Looked up only on this refusal."""
    if ctx.role != STRANGER or ctx.person is None or refusal.hint:
        return
    groups = await lifecycle.groups_with_ideas_of(ctx.session, ctx.person.id)
    if any(ctx.group is None or group.id == ctx.group.id for group in groups):
        refusal.hint = ctx.t(MY_IDEAS_HINT)


REMOVED = N_("I removed your message from this chat so that nobody else reads it.")
KEPT = N_(
    "Everyone in this chat can read your message: please delete it. (I am not allowed to "
    "delete messages here.)"
)


def _removing(outgoing: list[Outgoing], event: Incoming, ctx: Context) -> list[Outgoing]:
    """When the handler marked the message confidential (``ctx.confidential``, also before a
    refusal), the answer in a group chat also takes the message out of the chat and says
    whether that worked. Otherwise, and in a direct chat or for a button, it is unchanged."""
    if not ctx.confidential or not isinstance(event, Message) or event.chat.is_direct:
        return outgoing
    if event.message_id is None:
        return outgoing
    answer = next((i for i, o in enumerate(outgoing) if o.chat == event.chat), None)
    if answer is None:
        return outgoing
    item = outgoing[answer]
    text = item.reply.text
    changed = dataclasses.replace(
        item,
        reply=dataclasses.replace(item.reply, text=f"{text} {ctx.t(REMOVED)}", in_reply_to=None),
        remove=event.message_id,
        kept=dataclasses.replace(item.reply, text=f"{text} {ctx.t(KEPT)}"),
    )
    return [*outgoing[:answer], changed, *outgoing[answer + 1 :]]


def _apology(tr: Translator, incident: str) -> str:
    return tr.t(
        N_(
            "Sorry, something went wrong on my side (incident {incident}). Nothing was "
            "changed. Please try again later or tell your coordinator."
        ),
        incident=incident,
    )


def _as_message(action: Action) -> Message:
    return Message(chat=action.chat, sender=action.sender, text="", event_id=action.event_id)


def _event_tag(event: Incoming) -> str:
    # No message text or names in logs: the platform and a short hash of the event id only.
    digest = hashlib.sha1(event.event_id.encode()).hexdigest()[:8]
    return f"{event.chat.platform}:{digest}"


async def _age_question_open(ctx: Context) -> bool:
    """Whether the sender of a direct message owes the age question's answer: a youth
    representative who has not answered — in any of their groups, as /age and a typed answer
    ("unter 16") count it, also when the direct chat speaks for a group where they are not."""
    person = ctx.person
    if person is None or person.age_answered_at is not None:
        return False
    return await people.youth_somewhere(ctx.session, person.id, ctx.role, ctx.groups)
