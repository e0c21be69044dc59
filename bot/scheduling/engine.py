"""The reminder engine: plan rows into the outbox, sweep the due ones and send them.

Delivery is at-most-once per worker claim and idempotent across workers: a row is claimed
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a guarded UPDATE on SQLite) and committed, then
sent with ``Reply.key`` = its dedupe key (adapters derive transaction ids from it), then
settled — ``sent_at`` set and the claim released in one transaction. A failed send keeps its
error and is tried again after ``backoff()``; a worker that dies mid-send loses its claim after
``CLAIM_LEASE``. Missed nudges are sent marked late within the grace window; older ones are
folded into one summary per person (``catch_up()``); both wait while their target is in quiet
hours (``held_until()``). Nudges about a subject (a measure, a milestone, a round, the digest)
of which a newer nudge to the same recipient is also due and pending, whichever batch holds
it, are settled as skipped rather than repeated. A coordinator's notes about measures overdue
for a week or more that are due at the same time go out as one message (``overdue_note()``),
and so do those about measures no member is responsible for, their due dates and milestones
alike (``unassigned_note()``): the rows stay one per note, are claimed together (with her
weekly digest due at the same time, which says them instead) and settled together in one
transaction. The time they were due for, not the sweep, makes the bundle, and
its key is marked on its rows before it is sent (``Reminder.bundle``): the retry of one whose
worker died sends the same rows under the same key (two workers that each sent a part of it
and died: each part as it was), and a note due since then goes in a message of its own.
A coordinator's message posted in the group chat (the digest, a note, a list of what was
missed) says what the same message to each other coordinator who chose the group chat would
say there that day: theirs settle with it (``_alike``), under a key the same whoever's row
sends it. Two workers each holding one of those rows do not both post it: the first to claim
the others takes them all, also the one the second holds, which then posts nothing
(``repo.claim_alike``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.adapter import DeliveryFailed, RateLimited
from bot.context import Outgoing
from bot.direct_chat import about_other_group
from bot.events import ChatRef, Choice, Reply, SentRef, UserRef
from bot.i18n import N_, Translator
from bot.messenger import Messenger
from bot.reminders import Policy, backoff, catch_up, held_until, to_utc
from bot.roles import YOUTH
from bot.scheduling.content import (
    LATE_MARK,
    UNASSIGNED,
    Composed,
    compose,
    note_text,
    payload_of,
)
from bot.scheduling.digest import digest_text
from bot.scheduling.notices import (
    IN_GROUP_CHAT,
    KEEP_SENT,
    MADE_BY,
    NOTICE,
    NoticeMaker,
    keep_sent,
)
from bot.scheduling.nudge_message import NudgeMessage
from bot.scheduling.planner import GroupFacts, PlannedRow, VotingHooks, load_facts, plan_group
from bot.scheduling.policies import GROUP, channel_of
from bot.services import Services
from bot.unreachable_chat import to_coordinators
from storage.models import Group, Measure, Reminder
from storage.repo import people
from storage.repo import reminders as repo

log = logging.getLogger(__name__)

Send = Callable[[Outgoing], Awaitable[SentRef | None]]
JobRun = Callable[[Services, datetime], Awaitable[object]]

DEFAULT_HORIZON = timedelta(days=35)
GRACE = timedelta(hours=24)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class PeriodicJob:
    """Work another capability wants done on the engine's tick: ``run(services, now)`` is
    awaited when ``every`` has passed since its last run (and on the first tick).

    Wiring, e.g. in ``bot/app.py``: ``PeriodicJob("close rounds", close_due_rounds)`` or
    ``PeriodicJob("purge", purge, every=timedelta(days=1))``. Jobs run in every bot process,
    so they must be safe to run concurrently (claim or lock what they change)."""

    name: str
    run: JobRun
    every: timedelta = timedelta(minutes=1)


Target = tuple[int, int | None, str | None]  # group, person, or chat where there is no person
#: The kind of the rows that tell a coordinator about a measure overdue for a week or more,
#: and their role (in their payload, as "unassigned" is that of the notes about a measure no
#: member is responsible for).
ESCALATION = "escalation"
ESCALATED = "escalated"
#: The subjects of the coordinators' notes that go out as one message.
NOTED = ("measure", "milestone")
#: The outcome of those the digest sent to the coordinator the same day said instead.
IN_DIGEST = "in_digest"
#: The outcome of a coordinator's message (the digest, a note) that another coordinator's
#: same message posted in the group chat said that day: both chose the group chat, which
#: reads it once.
IN_CHAT = "in_chat"
#: Subjects whose rows say the same to every coordinator (the digest, programme dates).
FOR_COORDINATORS = ("digest", "group")


def _target(row: Reminder) -> Target:
    """Whom a row speaks to: one summary per target."""
    return (row.group_id, row.person_id, None if row.person_id else row.chat_id)


def _alike_key(row: Reminder) -> str | None:
    """What ``row`` says when it is the same for every coordinator (the digest, a programme
    date, a note about a measure overdue or nobody's), the same for each of them: its key
    without its person. None for a row of the person's own (their measure, a round)."""
    if row.person_id is None:
        return None
    if row.subject not in FOR_COORDINATORS and payload_of(row).get("role") not in (
        UNASSIGNED,
        ESCALATED,
    ):
        return None
    return row.dedupe_key.replace(f":p{row.person_id}:", ":", 1)


def _noted(row: Reminder) -> bool:
    """Whether ``row`` is a coordinator's note that goes out in one message with the others
    due at the same time (``Composed.note``): about a measure overdue for a week or more, or
    about one no member is responsible for (its due date or a milestone)."""
    if row.kind == ESCALATION:
        return True
    return row.subject in NOTED and payload_of(row).get("role") == UNASSIGNED


@dataclass(frozen=True)
class _Part:
    """A composed row that waits to go out with others to the same recipient."""

    row: Reminder
    composed: Composed  # as sent on its own
    line: str
    outgoing: Outgoing
    facts: GroupFacts
    tr: Translator


@dataclass
class SweepReport:
    """What one sweep did."""

    sent: int = 0
    late: int = 0
    summaries: int = 0
    summarised: int = 0
    skipped: int = 0
    failed: int = 0
    #: Messages that each told a coordinator of several overdue measures, and their rows.
    bundles: int = 0
    bundled: int = 0
    #: Late rows held back until their target's quiet hours end.
    held: int = 0
    #: A coordinator's notes (overdue measures, nobody's) that the digest sent to them the same
    #: day said.
    said: int = 0
    #: A coordinator's messages that another's same message in the group chat said.
    alike: int = 0
    #: Of the messages sent, notices held for the end of the quiet hours
    #: (``bot.scheduling.notices``): news, not nudges.
    notices: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def messages(self) -> int:
        """Messages that went out: single nudges, summaries, bundled coordinator notes and held
        notices."""
        return self.sent + self.late + self.summaries + self.bundles


def messenger_send(messenger: Messenger) -> Send:
    """A strict ``send`` over the app's Messenger: raises when nothing could be delivered
    (``Services.deliver`` logs and drops failures, which would lose a reminder). A group
    chat that shut the bot out gets its posts sent to the coordinators instead."""

    async def to_person(person_id: int, reply: Reply) -> SentRef | None:
        return await messenger.send_to_person(person_id, reply, None)

    async def send(item: Outgoing) -> SentRef | None:
        if item.chat is not None:
            try:
                return await messenger.send(item.chat, item.reply)
            except DeliveryFailed as exc:
                if not exc.shut_out or item.chat.is_direct:
                    raise
                await to_coordinators(messenger.services, item.chat, item.reply, to_person, exc)
            return None
        if item.person_id is None:
            raise DeliveryFailed("nobody to send to")
        sent = await messenger.send_to_person(
            item.person_id, item.reply, item.fallback, item.fallback_reply
        )
        if sent is None:
            raise DeliveryFailed("no direct chat and no group chat to reach the person")
        return sent

    return send


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(3)}"


class ReminderEngine:
    """Plans and sends nudges for every group; one per process (``bot/app.py`` builds it)."""

    def __init__(
        self,
        services: Services,
        *,
        send: Send,
        voting: VotingHooks | None = None,
        periodic: Sequence[PeriodicJob] = (),
        makers: Mapping[str, NoticeMaker] | None = None,
        worker_id: str | None = None,
        horizon: timedelta = DEFAULT_HORIZON,
        replan_every: timedelta = timedelta(hours=1),
        batch: int = 50,
        max_attempts: int = MAX_ATTEMPTS,
        grace: timedelta = GRACE,
    ) -> None:
        self.services = services
        self.send = send
        self.voting = voting
        self.periodic = list(periodic)
        #: What makes a held notice again when it goes out, by name
        #: (``bot.scheduling.notices.hold_made``).
        self.makers = dict(makers or {})
        self.worker_id = worker_id or new_worker_id()
        self.horizon = horizon
        self.replan_every = replan_every
        self.batch = batch
        self.max_attempts = max_attempts
        self.grace = grace
        self._last_run: dict[str, datetime] = {}
        self.last_plan: datetime | None = None

    def now(self) -> datetime:
        return self.services.clock.now()

    # planning ------------------------------------------------------------------------------

    async def plan(self, now: datetime | None = None, *, group_id: int | None = None) -> int:
        """(Re)build the outbox rows of every open group (or one): add what is missing, drop
        pending rows the plan no longer wants. Returns how many rows were added."""
        now = now or self.now()
        async with self.services.sessions() as session:
            query = select(Group.id).where(Group.closed_at.is_(None))
            if group_id is not None:
                query = query.where(Group.id == group_id)
            ids = list(await session.scalars(query.order_by(Group.id)))
        added = 0
        for gid in ids:
            async with self.services.sessions() as session, session.begin():
                added += await self.plan_group(session, gid, now)
        if group_id is None:
            self.last_plan = now
        return added

    async def plan_group(self, session: AsyncSession, group_id: int, now: datetime) -> int:
        """Re-plan one group inside the caller's unit of work (commands call this after a
        change, so the plan commits together with it). Returns rows added."""
        group = await session.get(Group, group_id)
        if group is None or group.closed_at is not None:
            return 0
        rows, subjects = await plan_group(
            session, group, now, now + self.horizon, voting=self.voting
        )
        await repo.drop_unplanned(
            session, group_id, (r.key for r in rows), after=now, subjects=subjects
        )
        return await repo.add_planned(session, [r.values(now) for r in rows])

    async def preview(
        self, group_id: int, until: datetime, now: datetime | None = None
    ) -> list[PlannedRow]:
        """What the plan holds for ``group_id`` up to ``until``, without writing anything:
        the nudges still to go out. One that went out already (before a pause, which moves
        it in the plan to the pause's end as it moves those it holds) is not one to come."""
        now = now or self.now()
        async with self.services.sessions() as session:
            group = await session.get(Group, group_id)
            if group is None:
                return []
            rows, _ = await plan_group(session, group, now, until, voting=self.voting)
            settled = await repo.settled_keys(session, group_id, [r.key for r in rows])
        return sorted((r for r in rows if r.key not in settled), key=lambda r: (r.due_at, r.key))

    # the tick ------------------------------------------------------------------------------

    async def tick(self, now: datetime | None = None) -> SweepReport:
        """One beat of the scheduler: the periodic jobs that are due, a re-plan when the last
        is older than ``replan_every``, then a sweep."""
        now = now or self.now()
        for job in self.periodic:
            last = self._last_run.get(job.name)
            if last is None or now - last >= job.every:
                self._last_run[job.name] = now
                try:
                    await job.run(self.services, now)
                except Exception:
                    log.exception("periodic job %s failed", job.name)
        if self.last_plan is None or now - self.last_plan >= self.replan_every:
            await self.plan(now)
        return await self.sweep(now)

    # sending -------------------------------------------------------------------------------

    async def sweep(self, now: datetime | None = None) -> SweepReport:
        """Claim every due row in batches and send, summarise or skip it."""
        now = now or self.now()
        report = SweepReport()
        while True:
            async with self.services.sessions() as session, session.begin():
                rows = await repo.claim_due(session, self.worker_id, now, limit=self.batch)
                # a coordinator's notes go out together, whichever batch they fell in, and
                # with her digest due as well, which says them (it goes first)
                noted = {(r.group_id, r.person_id) for r in rows if r.person_id and _noted(r)}
                rows += await repo.claim_due_alongside(
                    session, self.worker_id, now, rows, noted, subjects=(*NOTED, "digest")
                )
            if not rows:
                return report
            await self._handle_batch(rows, now, report)

    async def _handle_batch(self, rows: list[Reminder], now: datetime, report: SweepReport) -> None:
        summaries: dict[Target, list[tuple[Reminder, Composed]]] = {}
        # a bundle is the notes due at one time, or those a worker that died marked as one
        # message: a retry after a crash sends the same rows again (the same key), and one
        # that came due since goes in a message of its own
        bundles: dict[tuple[Target, str, bool, str], list[_Part]] = {}
        said: set[int] = set()  # notes the digest sent in this batch said
        people_in_batch = [r.person_id for r in rows if r.person_id is not None]
        facts_of: dict[int, GroupFacts | None] = {}
        for row in rows:
            if row.id in said:  # a digest sent in this batch said it (settled with it)
                continue
            decision = catch_up(row.due_at, now, self.grace)
            if row.subject == NOTICE:  # news about one thing each: none says another's
                await self._send_notice(row, now, decision, report)
                continue
            if decision != "send" and await self._newer_due(row, now):
                await self._settle(row, now, "skipped", report)  # the newer one says it
                continue
            try:
                async with self.services.sessions() as session:
                    if row.group_id not in facts_of:  # once per group and batch
                        facts_of[row.group_id] = await self._facts(
                            session, row.group_id, people_in_batch
                        )
                    facts = facts_of[row.group_id]
                    outgoing = await self._outgoing(session, row, facts) if facts else None
                    tr = await self._language(session, row, facts, outgoing)
                    composed = (
                        await compose(session, row, now, facts, tr, self.voting)
                        if facts and outgoing
                        else None
                    )
                    line = composed.line if composed else ""
                    if composed and facts and outgoing and outgoing.person_id is not None:
                        composed = await _for_direct_chat(
                            session, outgoing.person_id, facts, tr, composed
                        )
            except Exception as exc:
                log.exception("composing reminder %s failed", row.id)
                await self._failed(row, now=now, exc=exc, report=report)
                continue
            if composed is None or outgoing is None or facts is None:
                await self._settle(row, now, "skipped", report)
                continue
            if decision != "send" and await self._held(row, now, facts, report):
                continue
            if decision == "summarise":
                summaries.setdefault(_target(row), []).append((row, composed))
                continue
            late = decision == "late"
            if composed.note and line:
                part = _Part(row, composed, line, outgoing, facts, tr)
                sent_in = row.bundle or row.due_at.isoformat()
                bundles.setdefault((_target(row), sent_in, late, composed.note), []).append(part)
                continue
            # a digest says which measures are overdue or nobody's: the notes about them that
            # day go in it
            day = None
            said_any = composed.overdue or composed.unassigned or composed.unassigned_milestones
            if said_any and row.person_id is not None:
                day = _day_ending(facts.policy_for(row.person_id), now)
            said |= await self._send_one(
                row, composed, outgoing, facts, tr, now, report, late=late, said_before=day
            )
        for items in summaries.values():
            items = [(row, composed) for row, composed in items if row.id not in said]
            if items:
                said |= await self._send_summary(items, now, report)
        for (_, _, late, note), parts in bundles.items():
            parts = [p for p in parts if p.row.id not in said]
            if parts:
                said |= await self._send_note(parts, note, now, report, late=late)

    async def _send_notice(
        self, row: Reminder, now: datetime, decision: str, report: SweepReport
    ) -> None:
        """Send a notice held for the end of its person's quiet hours
        (``bot.scheduling.notices``) as it was written, or made again by its maker
        (``hold_made``: a round's result with its chart; not at all when what it is about is
        gone), to their direct chat (else the chat it named as fallback), with the buttons it
        was stored with; not to someone who was a member and has left the group since, nor
        the news that they were taken out of the group to someone who is back in it.
        One missed while the bot was down goes out when it is back, unless that is in their
        quiet hours again: then it waits for their end once more. One to a group's chat
        (``post_from_outside``) is posted there, not at all when the group has none."""
        if row.person_id is None:
            await self._post_notice(row, now, decision, report)
            return
        try:
            async with self.services.sessions() as session:
                person = await people.person_by_id(session, row.person_id or 0)
                facts = await self._facts(session, row.group_id, [row.person_id or 0])
                payload = payload_of(row)
                member = (
                    await people.membership(session, person.id, row.group_id)
                    if person is not None
                    else None
                )
                # one to a member who left is moot; the one saying they were taken out is
                # moot once they are back
                left = (payload.get("member") and member is None) or (
                    payload.get("taken_out") and member is not None
                )
                # a result with its chart is made again now (gone by now: None, not sent)
                made = None
                maker = self.makers.get(str(payload.get(MADE_BY, "")))
                if maker is not None and person is not None and facts is not None and not left:
                    made = await maker(session, self.services, row)
        except Exception as exc:
            log.exception("reading notice %s failed", row.id)
            await self._failed(row, now=now, exc=exc, report=report)
            return
        unmade = MADE_BY in payload and made is None  # gone by now, or no maker for it
        if person is None or person.forgotten_at is not None or facts is None or left or unmade:
            await self._settle(row, now, "skipped", report)
            return
        if decision != "send" and await self._held(row, now, facts, report):
            return
        fallback = ChatRef(row.platform, row.chat_id) if row.platform and row.chat_id else None
        in_chat = payload.get("fallback_text")
        choices = tuple(
            Choice(str(label), str(action)) for label, action in payload.get("choices", [])
        )
        reply = (
            replace(made, key=row.dedupe_key)
            if made is not None
            else Reply(
                str(payload.get("text", "")),
                choices=choices,
                key=row.dedupe_key,
                choices_listed=bool(payload.get("choices_listed")),
                text_without_choices=_text_or_none(payload.get("text_without_choices")),
            )
        )
        item = Outgoing(
            reply,
            person_id=person.id,
            fallback=fallback,
            fallback_reply=Reply(str(in_chat), key=row.dedupe_key) if in_chat else None,
            on_sent=keep_sent(self.services, str(payload[KEEP_SENT]))
            if payload.get(KEEP_SENT)
            else None,
        )
        await self._deliver_notice(row, item, now, decision, report)

    async def _deliver_notice(
        self, row: Reminder, item: Outgoing, now: datetime, decision: str, report: SweepReport
    ) -> None:
        """Send a held notice or a group chat's notice and settle its row: sent, late, or
        failed (tried again later)."""
        try:
            sent = await self.send(item)
        except Exception as exc:
            await self._failed(row, now=now, exc=exc, report=report)
            return
        if sent is not None and item.on_sent is not None:
            try:  # sent: a reference not kept only leaves the message unedited later
                await item.on_sent(sent)
            except Exception:
                log.warning("keeping the reference of notice %s failed", row.id, exc_info=True)
        late = decision != "send"
        before = report.sent + report.late
        await self._settle(row, now, "late" if late else "sent", report, late=late)
        report.notices += report.sent + report.late - before

    async def _post_notice(
        self, row: Reminder, now: datetime, decision: str, report: SweepReport
    ) -> None:
        """Post a notice left for a group's chat (``post_from_outside``) there."""
        try:
            async with self.services.sessions() as session:
                facts = await self._facts(session, row.group_id, [])
        except Exception as exc:
            log.exception("reading notice %s failed", row.id)
            await self._failed(row, now=now, exc=exc, report=report)
            return
        payload = payload_of(row)
        if facts is None or facts.chat is None or not payload.get(IN_GROUP_CHAT):
            await self._settle(row, now, "skipped", report)
            return
        if decision != "send" and await self._held(row, now, facts, report):
            return
        chat = ChatRef(facts.chat.platform, facts.chat.chat_id)
        item = Outgoing(Reply(str(payload.get("text", "")), key=row.dedupe_key), chat=chat)
        await self._deliver_notice(row, item, now, decision, report)

    async def _send_note(
        self, parts: list[_Part], note: str, now: datetime, report: SweepReport, *, late: bool
    ) -> set[int]:
        """Send coordinator notes of kind ``note`` to one recipient as one message, under the
        key marked on their rows before the send (``Reminder.bundle``): the one they carry
        from a send a worker died in, else one that follows from their keys (a note alone:
        its own). Two workers that each sent a part of the notes due at one time and died
        leave each part marked: the retry sends each again as it was, under its key. Posted in
        the group chat, the key is the same whichever coordinator's notes send it (``_alike``).
        The ids of the other coordinators' notes (and their digest's) it said."""
        first = parts[0].row
        in_chat = parts[0].outgoing.chat is not None
        names = [(_alike_key(p.row) if in_chat else None) or p.row.dedupe_key for p in parts]
        if first.bundle:
            key = first.bundle
        elif len(parts) == 1:
            key = names[0]
        else:
            keys = ",".join(sorted(names))
            key = f"{note}:" + hashlib.sha256(keys.encode()).hexdigest()[:32]
        async with self.services.sessions() as session, session.begin():
            held = await repo.mark_bundle(session, [p.row.id for p in parts], self.worker_id, key)
        if len(held) < len(parts):
            log.warning("%s note: %s of %s claims lost", note, len(parts) - len(held), len(parts))
        parts = [p for p in parts if p.row.id in held]
        if len(parts) == 1:
            one = parts[0]
            return await self._send_one(
                one.row,
                one.composed,
                one.outgoing,
                one.facts,
                one.tr,
                now,
                report,
                late=late,
                key=key,
            )
        if parts:
            return await self._send_bundle(parts, note, key, now, report, late=late)
        return set()

    async def _send_one(
        self,
        row: Reminder,
        composed: Composed,
        outgoing: Outgoing,
        facts: GroupFacts,
        tr: Translator,
        now: datetime,
        report: SweepReport,
        *,
        late: bool,
        said_before: datetime | None = None,
        key: str | None = None,
    ) -> set[int]:
        """Send one row's message and settle it; for a digest, with the recipient's notes
        about the measures it lists as overdue or as nobody's that are due before
        ``said_before``: the ids of those. ``key``: the send's, when not the row's own."""
        text = f"{tr.t(LATE_MARK)} {composed.text}" if late else composed.text
        # posted in the group chat, the same whichever coordinator's row sends it
        shared = _alike_key(row) if outgoing.chat is not None else None
        item = _with_reply(outgoing, text, key or shared or row.dedupe_key, composed.choices)
        claimed = await self._alike([row], item, now, facts)
        if claimed is None:  # another worker's post says it
            return set()
        item, alike = claimed
        try:
            sent = await self.send(item)
        except Exception as exc:
            await self._release(alike)
            await self._failed(row, now=now, exc=exc, report=report)
            return set()
        message = _with_buttons(item, sent, tr.lang)
        return await self._settle(
            row,
            now,
            "late" if late else "sent",
            report,
            late=late,
            message=message,
            said={
                ("measure", ESCALATED): composed.overdue,
                ("measure", UNASSIGNED): composed.unassigned,
                ("milestone", UNASSIGNED): composed.unassigned_milestones,
            },
            said_before=said_before,
            in_chat=item.chat is not None,
            alike=alike,
        )

    async def _send_bundle(
        self,
        parts: list[_Part],
        note: str,
        key: str,
        now: datetime,
        report: SweepReport,
        *,
        late: bool,
    ) -> set[int]:
        """One message for several coordinator notes of kind ``note`` to one recipient, under
        ``key`` (``_send_note``), so a send retried after a crash is the same send. All rows
        settle in one transaction: none is marked sent without the others, nor the other
        coordinators' the post in the group chat said (their ids are returned)."""
        # by measure, its due date before its milestones: the same rows give the same text
        parts = sorted(parts, key=lambda p: (p.composed.measure, p.row.subject, p.row.id))
        first = parts[0]
        tr = first.tr
        text = note_text(tr, note, [replace(p.composed, line=p.line) for p in parts])
        if first.outgoing.person_id is not None:
            async with self.services.sessions() as session:
                wrapped = await _for_direct_chat(
                    session, first.outgoing.person_id, first.facts, tr, Composed(text, "")
                )
            text = wrapped.text
        if late:
            text = f"{tr.t(LATE_MARK)} {text}"
        claimed = await self._alike(
            [p.row for p in parts], _with_reply(first.outgoing, text, key), now, first.facts
        )
        if claimed is None:  # another worker's post says them
            return set()
        item, alike = claimed
        try:
            await self.send(item)
        except Exception as exc:
            await self._release(alike)
            await self._failed(*(p.row for p in parts), now=now, exc=exc, report=report)
            return set()
        outcome = "late" if late else "sent"
        alike_ids: set[int] = set()
        async with self.services.sessions() as session, session.begin():
            settled = await repo.settle_all(
                session, [p.row.id for p in parts], self.worker_id, now, outcome=outcome, late=late
            )
            if settled:
                alike_ids = await self._settle_alike(session, alike, now, report)
            else:
                await repo.release(session, [r.id for r in alike], self.worker_id)
        if len(settled) < len(parts):
            log.warning(
                "%s note: %s of %s claims lost before settling",
                note,
                len(parts) - len(settled),
                len(parts),
            )
        report.bundles += 1
        report.bundled += len(settled)
        report.keys += [p.row.dedupe_key for p in parts if p.row.id in settled]
        return alike_ids

    async def _held(
        self, row: Reminder, now: datetime, facts: GroupFacts, report: SweepReport
    ) -> bool:
        """Hold a late row back while its target (the person, else the group) is in quiet
        hours; it is claimed again when they end."""
        policy = facts.policy if row.person_id is None else facts.policy_for(row.person_id)
        until = held_until(now, policy)
        if until is None:
            return False
        async with self.services.sessions() as session, session.begin():
            await repo.hold(session, row.id, self.worker_id, until)
        report.held += 1
        return True

    async def _newer_due(self, row: Reminder, now: datetime) -> bool:
        async with self.services.sessions() as session:
            return await repo.newer_due_about(session, row, now)

    async def _send_summary(
        self, items: list[tuple[Reminder, Composed]], now: datetime, report: SweepReport
    ) -> set[int]:
        """One list of the nudges missed while the bot was down, to their one recipient;
        posted in the group chat, it says the other coordinators' same ones too (``_alike``):
        their ids are returned."""
        first = items[0][0]
        async with self.services.sessions() as session:
            facts = await self._facts(
                session, first.group_id, [first.person_id] if first.person_id else []
            )
            outgoing = await self._outgoing(session, first, facts) if facts else None
            tr = await self._language(session, first, facts, outgoing)
        if outgoing is None or facts is None:
            for row, _ in items:
                await self._settle(row, now, "skipped", report)
            return set()
        lines = [tr.t(N_("While I was offline, these reminders were missed:"))]
        # A digest missed three weeks running is one line, not three.
        lines += [f"• {headline}" for headline in dict.fromkeys(c.headline for _, c in items)]
        if any(row.subject == "digest" for row, _ in items):  # its content is old: say where now
            lines.append(tr.t(N_("The overview as it is now: /digest")))
        key = "summary:" + ",".join(str(row.id) for row, _ in items)
        claimed = await self._alike(
            [row for row, _ in items],
            _with_reply(outgoing, "\n".join(lines), key[:250]),
            now,
            facts,
        )
        if claimed is None:  # another worker's list says them
            return set()
        item, alike = claimed
        try:
            await self.send(item)
        except Exception as exc:
            await self._release(alike)
            for row, _ in items:
                await self._failed(row, now=now, exc=exc, report=report)
            return set()
        report.summaries += 1
        for row, _ in items:
            await self._settle(row, now, "summarised", report, late=True, count=False)
            report.summarised += 1
        async with self.services.sessions() as session, session.begin():
            return await self._settle_alike(session, alike, now, report)

    async def _facts(
        self, session: AsyncSession, group_id: int, people_ids: list[int]
    ) -> GroupFacts | None:
        group = await session.get(Group, group_id)
        return await load_facts(session, group, people_ids) if group is not None else None

    async def _language(
        self,
        session: AsyncSession,
        row: Reminder,
        facts: GroupFacts | None,
        outgoing: Outgoing | None = None,
    ) -> Translator:
        """The group's language, or the person's own for a row addressed to them (as "du"
        to a youth representative) — but for a post in the group chat (``outgoing``: they
        chose the group channel), which is in the group's, as the group chat's other posts
        are, and says the same whichever coordinator's row sends it (``_alike``)."""
        lang = facts.group.lang if facts is not None else None
        role = None
        if row.person_id is not None:
            person, role = await people.person_with_role(session, row.person_id, row.group_id)
            in_chat = outgoing is not None and outgoing.chat is not None
            if person is not None and person.lang and not in_chat:
                lang = person.lang
        return self.services.i18n(lang, informal=role == YOUTH)

    async def _outgoing(
        self, session: AsyncSession, row: Reminder, facts: GroupFacts | None
    ) -> Outgoing | None:
        """Where the row goes: a post in the group chat, or to the person (their direct
        chat, else a mention in the group chat; straight to the group chat when they chose
        'group'; never a mention in the group for a minor)."""
        chat = None
        if facts is not None and facts.chat is not None:
            chat = ChatRef(facts.chat.platform, facts.chat.chat_id)
        elif row.platform and row.chat_id:
            chat = ChatRef(row.platform, row.chat_id)
        if row.person_id is None:
            return Outgoing(Reply(""), chat=chat) if chat is not None else None
        settings = facts.person_settings.get(row.person_id) if facts else None
        person = await people.person_by_id(session, row.person_id)
        # Minors are nudged only in their direct chat, never by a mention in a group, even
        # if they chose the group channel (the Messenger then skips the group fallback too).
        minor = person is not None and person.is_minor
        if channel_of(settings) == GROUP and chat is not None and not minor:
            mention = await _mention(session, row.person_id, chat)
            return Outgoing(Reply("", mention=mention), chat=chat)
        return Outgoing(Reply(""), person_id=row.person_id, fallback=chat)

    async def _alike(
        self, rows: Sequence[Reminder], item: Outgoing, now: datetime, facts: GroupFacts
    ) -> tuple[Outgoing, list[Reminder]] | None:
        """A coordinator's message posted in the group chat (``item``, saying ``rows``) says
        what the same message to each other coordinator who chose the group chat would say
        there that day: their rows due by the day's end are claimed to settle with it
        (``IN_CHAT``), not posted again, and the post mentions those whose time has come too
        (not one whose quiet hours last longer: theirs would have come later). None when
        another worker's same post took one of ``rows`` meanwhile: it says them, this one is
        not posted (the rest of ``rows`` go in their own time). ``facts``: the group's, as the
        sweep read them to write ``item`` (its coordinators and their settings)."""
        keys = {key for key in map(_alike_key, rows) if key is not None}
        if item.chat is None or not keys:
            return item, []
        chat = item.chat
        first = rows[0]
        mine = {row.person_id for row in rows}
        async with self.services.sessions() as session, session.begin():
            chose_it = [
                coordinator
                for coordinator in facts.coordinators
                if coordinator not in mine
                and channel_of(facts.person_settings.get(coordinator)) == GROUP
            ]
            adults = await people.adults_among(session, chose_it)  # a minor is never mentioned
            in_chat = [coordinator for coordinator in chose_it if coordinator in adults]
            alike = await repo.claim_alike(
                session,
                self.worker_id,
                now,
                first.group_id,
                mine=[r.id for r in rows],
                person_ids=in_chat,
                about={(r.subject, r.subject_id) for r in rows if r.subject_id is not None},
                before=_day_ending(facts.policy, now),
                wanted=lambda row: _alike_key(row) in keys,
            )
            if alike is None:
                return None
            mention = list(item.reply.mention)
            due = {r.person_id for r in alike if r.person_id is not None and r.next_try_at <= now}
            for person_id in sorted(due):
                mention += await _mention(session, person_id, chat)
        reply = replace(item.reply, mention=tuple(dict.fromkeys(mention)))
        return replace(item, reply=reply), alike

    async def _settle_alike(
        self, session: AsyncSession, alike: Sequence[Reminder], now: datetime, report: SweepReport
    ) -> set[int]:
        """Settle, in the caller's unit of work, the other coordinators' rows a post in the
        group chat said (``_alike``). The ids settled."""
        if not alike:
            return set()
        ids = await repo.settle_all(
            session, [r.id for r in alike], self.worker_id, now, outcome=IN_CHAT
        )
        report.alike += len(ids)
        return ids

    async def _release(self, alike: Sequence[Reminder]) -> None:
        if alike:
            async with self.services.sessions() as session, session.begin():
                await repo.release(session, [r.id for r in alike], self.worker_id)

    async def _settle(
        self,
        row: Reminder,
        now: datetime,
        outcome: str,
        report: SweepReport,
        *,
        late: bool = False,
        count: bool = True,
        message: NudgeMessage | None = None,
        said: Mapping[tuple[str, str], Sequence[int]] | None = None,
        said_before: datetime | None = None,
        in_chat: bool = False,
        alike: Sequence[Reminder] = (),
    ) -> set[int]:
        """``message``: the nudge with buttons as sent, kept to take them off when answered.
        ``said``: what a digest sent listed (measures, milestones) by the subject and role of
        the notes that name them (overdue: ``ESCALATED``, nobody's: ``UNASSIGNED``); the
        recipient's notes about them due before ``said_before`` settle with it, unsent (their
        ids are returned), and, for a digest posted ``in_chat`` (the group chat), the nudges
        about the overdue measures it lists that their people would get there as a mention
        (``_mentioned_after``). ``alike``: the other coordinators' rows the post in the group
        chat said (``_alike``), settled with it, their ids returned too."""
        said_ids: set[int] = set()
        alike_ids: set[int] = set()
        async with self.services.sessions() as session, session.begin():
            settled = await repo.settle(
                session,
                row.id,
                self.worker_id,
                now,
                outcome=outcome,
                late=late,
                message=message.dumps() if message is not None else None,
            )
            if settled:
                alike_ids = await self._settle_alike(session, alike, now, report)
            else:
                await repo.release(session, [r.id for r in alike], self.worker_id)
            if settled and said and said_before is not None:
                # the recipient's notes it said, and those of the other coordinators it said
                # them to in the group chat: all at once
                readers = {r.person_id for r in alike if r.id in alike_ids and r.person_id}
                if row.person_id is not None:
                    readers.add(row.person_id)
                said_ids = await repo.settle_said(
                    session,
                    row.group_id,
                    readers,
                    self.worker_id,
                    now,
                    said=said,
                    before=said_before,
                    outcome=IN_DIGEST,
                )
                if in_chat and row.person_id is not None:
                    said_ids |= await self._mentioned_after(
                        session, row.group_id, said, said_before, now
                    )
        report.said += len(said_ids)
        said_ids |= alike_ids
        if not settled:
            log.warning("reminder %s: claim lost before settling", row.id)
            return said_ids
        if not count:
            return said_ids
        if outcome == "sent":
            report.sent += 1
        elif outcome == "late":
            report.late += 1
        elif outcome == "skipped":
            report.skipped += 1
        elif outcome == "failed":
            report.failed += 1
        if outcome in ("sent", "late"):
            report.keys.append(row.dedupe_key)
        return said_ids

    async def _mentioned_after(
        self,
        session: AsyncSession,
        group_id: int,
        said: Mapping[tuple[str, str], Sequence[int]],
        before: datetime,
        now: datetime,
    ) -> set[int]:
        """A digest just posted in the group chat names the overdue measures it lists and who
        is responsible for each: their own nudges about them due before ``before`` that would
        go to the same chat as a mention (they chose the group channel; never a minor) are
        settled with it, unsent (the ids), not said there again a moment later."""
        overdue = said.get(("measure", ESCALATED), ())
        if not overdue:
            return set()
        found = await session.scalars(
            select(Measure.responsible_id).where(
                Measure.id.in_(overdue), Measure.responsible_id.is_not(None)
            )
        )
        responsible = sorted({p for p in found if p is not None})
        settings = await repo.person_settings_for(session, responsible)
        in_chat = []
        for person_id in responsible:
            person = await people.person_by_id(session, person_id)
            if person is None or person.is_minor or channel_of(settings.get(person_id)) != GROUP:
                continue
            in_chat.append(person_id)
        return await repo.settle_said(
            session,
            group_id,
            in_chat,
            self.worker_id,
            now,
            said={("measure", "responsible"): overdue},
            before=before,
            outcome=IN_DIGEST,
        )

    async def _failed(
        self, *rows: Reminder, now: datetime, exc: Exception, report: SweepReport
    ) -> None:
        """The send of ``rows`` (one nudge, or the parts of one note) failed: try again after
        ``backoff()``, or give up. The parts of a note are released in one transaction, at one
        time: they are tried again together, as the one message they are, never as two under
        its key (a platform that dedupes by the key would drop the second)."""
        attempts = max(row.attempts for row in rows) + 1
        error = f"{type(exc).__name__}: {exc}"
        ids = [row.id for row in rows]
        permanent = isinstance(exc, DeliveryFailed) and exc.permanent
        if attempts >= self.max_attempts or permanent:
            log.warning("reminder %s given up after %s attempts: %s", ids, attempts, error)
            async with self.services.sessions() as session, session.begin():
                for row_id in ids:
                    if await repo.give_up(session, row_id, self.worker_id, now, error=error):
                        report.failed += 1
            return
        retry_after = timedelta(seconds=exc.retry_after) if isinstance(exc, RateLimited) else None
        delay = backoff(attempts, retry_after=retry_after)
        log.info("reminder %s failed (%s); retrying in %s", ids, error, delay)
        async with self.services.sessions() as session, session.begin():
            for row_id in ids:
                await repo.retry_later(
                    session, row_id, self.worker_id, error=error, next_try_at=now + delay
                )

    # on demand -----------------------------------------------------------------------------

    async def digest(
        self,
        session: AsyncSession,
        group: Group,
        tr: Translator,
        now: datetime,
        *,
        ask: bool,
        dates_how: bool,
        ideas_named: bool = True,
    ) -> str:
        """The coordinator digest of ``group`` now (``/digest``); ``ask``, ``dates_how``,
        ``ideas_named``: see ``digest_text``."""
        return await digest_text(
            session,
            group,
            tr,
            now,
            self.voting,
            ask=ask,
            dates_how=dates_how,
            ideas_named=ideas_named,
        )


async def replan(services: Services, session: AsyncSession, group_id: int, now: datetime) -> int:
    """Re-plan one group's nudges inside the caller's unit of work: call it after changing
    what nudges depend on (a due date, the responsible person, a status, programme dates,
    settings), so the change and its plan commit together. Without it the hourly re-plan
    catches up, but a nudge due before then could be missed. No-op when no engine is wired."""
    engine = services.extras.get("reminders")
    if not isinstance(engine, ReminderEngine):
        return 0
    return await engine.plan_group(session, group_id, now)


async def _for_direct_chat(
    session: AsyncSession, person_id: int, facts: GroupFacts, tr: Translator, composed: Composed
) -> Composed:
    """A nudge to the direct chat of someone whose direct chat speaks for another of their
    groups names its group and how to answer it there (see ``bot.direct_chat``)."""
    person = await people.person_by_id(session, person_id)
    other = await people.direct_chat_elsewhere(session, person, facts.group.id) if person else None
    if other is None:
        return composed
    text = about_other_group(tr, composed.text, facts.group.name, other.name)
    return replace(composed, text=text)


async def _mention(session: AsyncSession, person_id: int, chat: ChatRef) -> tuple[UserRef, ...]:
    """How a post in ``chat`` mentions ``person_id``: their accounts on its platform."""
    identities = await people.identities_of(session, person_id)
    return tuple(
        UserRef(i.platform, i.user_id, i.display_name)
        for i in identities
        if i.platform == chat.platform
    )


def _day_ending(policy: Policy, now: datetime) -> datetime:
    """The end of the local day of ``now`` under ``policy`` (UTC)."""
    return to_utc(policy.local(now).date() + timedelta(days=1), time(0, 0), policy.tz)


def _with_buttons(item: Outgoing, sent: SentRef | None, lang: str) -> NudgeMessage | None:
    """The nudge ``item`` as it went out when it went out with buttons: to its chat (with the
    mentions it leads with) or to a direct chat; a mention in the group chat instead of a
    direct message, or a post the coordinators got instead, has none."""
    if not item.reply.choices or sent is None:
        return None
    if item.chat is None and not sent.chat.is_direct:
        return None
    mention = item.reply.mention if item.chat is not None else ()
    return NudgeMessage(sent, item.reply.text, lang, mention, item.reply.choices)


def _with_reply(
    outgoing: Outgoing, text: str, key: str, choices: tuple[Choice, ...] = ()
) -> Outgoing:
    reply = Reply(text, choices=choices, mention=outgoing.reply.mention, key=key)
    return Outgoing(
        reply, chat=outgoing.chat, person_id=outgoing.person_id, fallback=outgoing.fallback
    )


def _text_or_none(value: object) -> str | None:
    """A held notice's optional text (``text_without_choices``), as stored."""
    return None if value is None else str(value)
