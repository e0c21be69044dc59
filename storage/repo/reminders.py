"""The reminder outbox (plan, claim, settle) and reminder settings."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import GroupReminderSettings, PersonReminderSettings, Reminder

#: Rows per INSERT statement when planning (well under SQLite's bound-parameter limit).
_INSERT_CHUNK = 100
#: A claim older than this is taken to belong to a worker that died mid-send.
CLAIM_LEASE = timedelta(minutes=10)
#: The first key of the PostgreSQL transaction lock under which one worker at a time claims
#: a group's rows that one post in its group chat says (``claim_alike``); the group is the
#: second.
ALIKE_LOCK = 7301
#: Outcomes of a row that reached its recipient (on its own, in a summary, or in the group
#: chat as another coordinator's same message).
DELIVERED = ("sent", "late", "summarised", "in_chat")


@dataclass
class SentBefore:
    """What one recipient already had about one subject: when the last nudge that reached
    them went out, and the dedupe keys of every row settled (sent or not)."""

    last_sent: datetime | None = None
    settled: set[str] = field(default_factory=set)


@dataclass
class OutboxState:
    """What the planner needs to know of a group's outbox beyond its own plan."""

    #: (measure id, person id) → what that person already had about that measure.
    sent: dict[tuple[int, int], SentBefore] = field(default_factory=dict)
    #: Key → due time of the pending rows that wait for a time still to come.
    waiting: dict[str, datetime] = field(default_factory=dict)
    #: Keys of the pending rows whose time has come (the sweep sends them).
    due: set[str] = field(default_factory=set)


async def outbox_state(
    session: AsyncSession,
    group_id: int,
    now: datetime,
    *,
    measure_ids: Iterable[int],
    subjects: Iterable[str],
) -> OutboxState:
    """In one statement: the settled rows to people about the measures ``measure_ids`` (the
    planner spaces the nudges still to come from what was really sent), and the keys and due
    times of the pending rows about ``subjects`` that wait for a time after ``now`` (a nudge
    a pause held, which ends early, is not dropped but sent), and the keys of those whose
    time has come."""
    ids = sorted(set(measure_ids))
    waiting = and_(
        Reminder.sent_at.is_(None),
        Reminder.subject.in_(sorted(set(subjects))),
    )
    settled = and_(
        Reminder.subject == "measure",
        Reminder.subject_id.in_(ids),
        Reminder.person_id.is_not(None),
        Reminder.sent_at.is_not(None),
    )
    found = await session.execute(
        select(
            Reminder.subject_id,
            Reminder.person_id,
            Reminder.dedupe_key,
            Reminder.due_at,
            Reminder.sent_at,
            Reminder.outcome,
        ).where(Reminder.group_id == group_id, or_(waiting, settled) if ids else waiting)
    )
    state = OutboxState()
    for subject_id, person_id, key, due_at, sent_at, outcome in found.all():
        if sent_at is None:
            if due_at > now:
                state.waiting[key] = due_at
            else:
                state.due.add(key)
            continue
        assert subject_id is not None and person_id is not None  # the settled rows: both set
        entry = state.sent.setdefault((subject_id, person_id), SentBefore())
        entry.settled.add(key)
        if outcome in DELIVERED and (entry.last_sent is None or sent_at > entry.last_sent):
            entry.last_sent = sent_at
    return state


async def add_planned(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert planned rows; a dedupe key that exists already keeps its row, but a pending row
    nobody has claimed or tried yet takes the new time and payload (the policy moved it: a
    holiday, quiet hours, a pause). Returns how many rows were added or moved. Rows go in key
    order so concurrent planners lock in the same order."""
    if not rows:
        return 0
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    ordered = sorted(rows, key=lambda r: r["dedupe_key"])
    changed = 0
    for start in range(0, len(ordered), _INSERT_CHUNK):
        insert = make(Reminder).values(ordered[start : start + _INSERT_CHUNK])
        statement = insert.on_conflict_do_update(
            index_elements=["dedupe_key"],
            set_={
                "due_at": insert.excluded.due_at,
                "next_try_at": insert.excluded.next_try_at,
                "planned_at": insert.excluded.planned_at,
                "payload": insert.excluded.payload,
            },
            where=and_(
                Reminder.sent_at.is_(None),
                Reminder.claimed_by.is_(None),
                Reminder.attempts == 0,
                or_(
                    Reminder.due_at != insert.excluded.due_at,
                    Reminder.payload != insert.excluded.payload,
                ),
            ),
        ).returning(Reminder.id)
        changed += len((await session.execute(statement)).all())
    return changed


async def drop_unplanned(
    session: AsyncSession,
    group_id: int,
    keep: Iterable[str],
    *,
    after: datetime,
    subjects: Iterable[str],
) -> int:
    """Delete pending, unclaimed rows of ``group_id`` about ``subjects`` due after ``after``
    whose key is not in ``keep`` (the plan changed: a date moved, a measure was done, a
    setting changed). Rows already due stay for the sweep, which re-checks them."""
    keep_set = set(keep)
    rows = await session.execute(
        select(Reminder.id, Reminder.dedupe_key).where(
            Reminder.group_id == group_id,
            Reminder.sent_at.is_(None),
            Reminder.claimed_by.is_(None),
            Reminder.due_at > after,
            Reminder.subject.in_(list(subjects)),
        )
    )
    stale = [row_id for row_id, key in rows.all() if key not in keep_set]
    if stale:
        await session.execute(delete(Reminder).where(Reminder.id.in_(stale)))
    return len(stale)


async def take_back(
    session: AsyncSession,
    group_id: int,
    person_id: int | None,
    kind: str,
    wanted: Callable[[Reminder], bool],
) -> list[Reminder]:
    """Delete the pending rows of ``kind`` for ``person_id`` (None: anyone) in ``group_id``
    that nobody has claimed and ``wanted`` picks (a held notice a later one supersedes); they
    are returned, oldest first. A row being sent just now (claimed) stays."""
    query = select(Reminder).where(
        Reminder.group_id == group_id,
        Reminder.kind == kind,
        Reminder.sent_at.is_(None),
        Reminder.claimed_by.is_(None),
    )
    if person_id is not None:
        query = query.where(Reminder.person_id == person_id)
    rows = await session.scalars(query.order_by(Reminder.id))
    taken = [row for row in rows if wanted(row)]
    if not taken:
        return []
    # a worker may have claimed one since: it stays theirs, and goes out
    deleted = set(
        await session.scalars(
            delete(Reminder)
            .where(
                Reminder.id.in_([r.id for r in taken]),
                Reminder.sent_at.is_(None),
                Reminder.claimed_by.is_(None),
            )
            .returning(Reminder.id)
            .execution_options(synchronize_session=False)
        )
    )
    for row in taken:
        session.expunge(row)  # gone or another's: the session keeps no copy of it
    return [row for row in taken if row.id in deleted]


async def claim_due(
    session: AsyncSession, worker: str, now: datetime, *, limit: int = 50
) -> list[Reminder]:
    """Claim up to ``limit`` pending rows whose time has come for ``worker``.

    One statement, the outbox-queue shape: ``UPDATE … SET claimed_by = worker WHERE id IN
    (SELECT id … WHERE sent_at IS NULL AND next_try_at <= now AND unclaimed … LIMIT n FOR
    UPDATE SKIP LOCKED) RETURNING id``. The inner query walks the partial index of pending
    rows, so its cost follows what is due, not the table. On PostgreSQL it is a materialized
    ``WITH``, run once: as a plain subquery PostgreSQL may rescan it for each row it updates,
    and each rescan skips the rows the statement itself has just claimed and takes the next,
    so a claim of one took every due row. Concurrent workers skip each other's locked rows.
    On SQLite (no FOR UPDATE; a statement starting ``WITH`` would not open the transaction)
    the subquery runs once, the statement takes the write lock at once and the ``claimed_by
    IS NULL`` guard keeps a second claim out. The caller commits; a claim older than
    ``CLAIM_LEASE`` counts as abandoned.
    """
    free = _free(now)
    due = (
        select(Reminder.id)
        .where(Reminder.sent_at.is_(None), Reminder.next_try_at <= now, free)
        .order_by(Reminder.next_try_at, Reminder.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if session.get_bind().dialect.name == "postgresql":
        once = due.cte("due").prefix_with("MATERIALIZED")
        return await _claim(session, worker, now, select(once.c.id).scalar_subquery(), free)
    return await _claim(session, worker, now, due.scalar_subquery(), free)


def _free(now: datetime) -> ColumnElement[bool]:
    """Not claimed, or claimed longer ago than ``CLAIM_LEASE`` (abandoned)."""
    return or_(Reminder.claimed_by.is_(None), Reminder.claimed_at < now - CLAIM_LEASE)


async def _claim(
    session: AsyncSession,
    worker: str,
    now: datetime,
    candidates: ScalarSelect[int],
    free: ColumnElement[bool],
) -> list[Reminder]:
    """Claim the ``candidates`` still pending and ``free`` for ``worker`` in one statement;
    the claimed rows, read back in due order."""
    claimed = await session.scalars(
        update(Reminder)
        .where(Reminder.id.in_(candidates), Reminder.sent_at.is_(None), free)
        .values(claimed_by=worker, claimed_at=now)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    claimed_ids = list(claimed)
    if not claimed_ids:
        return []
    return await _claimed_rows(session, claimed_ids)


async def claim_due_alongside(
    session: AsyncSession,
    worker: str,
    now: datetime,
    claimed: Sequence[Reminder],
    recipients: Collection[tuple[int, int]],
    *,
    subjects: Collection[str],
) -> list[Reminder]:
    """Claim for ``worker`` the other pending rows about ``subjects`` whose time has come and
    that go to one of ``recipients`` (group, person), besides those ``claimed``: rows sent
    together as one message are claimed together, whichever batch ``claim_due`` would have
    put them in. The guards are those of ``claim_due``; the caller commits."""
    if not recipients:
        return []
    free = _free(now)
    to_them = or_(
        *(and_(Reminder.group_id == g, Reminder.person_id == p) for g, p in sorted(recipients))
    )
    candidates = (
        select(Reminder.id)
        .where(
            Reminder.sent_at.is_(None),
            Reminder.next_try_at <= now,
            Reminder.subject.in_(sorted(subjects)),
            to_them,
            Reminder.id.not_in([r.id for r in claimed]),
            free,
        )
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    return await _claim(session, worker, now, candidates, free)


async def claim_alike(
    session: AsyncSession,
    worker: str,
    now: datetime,
    group_id: int,
    *,
    mine: Collection[int],
    person_ids: Collection[int],
    about: Collection[tuple[str, int]],
    before: datetime,
    wanted: Callable[[Reminder], bool],
) -> list[Reminder] | None:
    """Claim for ``worker``, whose rows ``mine`` one post says, the pending rows of
    ``group_id`` to ``person_ids`` about one of ``about`` (subject, subject id) due before
    ``before`` that ``wanted`` picks: the same message to others that the post says for them
    all — also those another worker holds (its post of the same is not out yet: it lost
    the rows it would post and posts nothing). None when one of ``mine`` is no longer
    ``worker``'s: another worker's post took it with the others and says it; the rest of
    ``mine`` is released, untried. Exclusive: the rows are taken in one statement, guarded
    by ``mine`` being ``worker``'s, and on PostgreSQL one worker at a time per group claims
    so (a transaction lock), so two workers each holding one coordinator's row never both
    post. The caller commits."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(ALIKE_LOCK, group_id)))
    ids: list[int] = []
    if person_ids and about:
        found = await session.scalars(
            select(Reminder).where(
                Reminder.group_id == group_id,
                Reminder.person_id.in_(sorted(person_ids)),
                or_(
                    *(
                        and_(Reminder.subject == s, Reminder.subject_id == i)
                        for s, i in sorted(about)
                    )
                ),
                Reminder.due_at < before,
                Reminder.sent_at.is_(None),
            )
        )
        ids = [row.id for row in found if wanted(row) and row.id not in mine]
    theirs = aliased(Reminder)  # one of ``mine`` that another worker took
    lost = (
        select(theirs.id)
        .where(
            theirs.id.in_(sorted(mine)),
            or_(theirs.claimed_by.is_(None), theirs.claimed_by != worker),
        )
        .exists()
    )
    claimed_ids: list[int] = []
    if ids:
        claimed = await session.scalars(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.sent_at.is_(None), ~lost)
            .values(claimed_by=worker, claimed_at=now)
            .returning(Reminder.id)
            .execution_options(synchronize_session=False)
        )
        claimed_ids = list(claimed)
    if not claimed_ids and await session.scalar(select(lost)):
        await release(session, mine, worker)
        return None
    if not claimed_ids:
        return []
    return await _claimed_rows(session, claimed_ids)


async def _claimed_rows(session: AsyncSession, claimed_ids: Collection[int]) -> list[Reminder]:
    """The rows just claimed, read again (as the claim left them), by due time."""
    rows = await session.scalars(
        select(Reminder)
        .where(Reminder.id.in_(claimed_ids))
        .order_by(Reminder.due_at, Reminder.id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def release(session: AsyncSession, reminder_ids: Collection[int], worker: str) -> None:
    """Let go of ``worker``'s claims on ``reminder_ids`` untried (the message that was to say
    them did not go out): they are sent in their own time."""
    if not reminder_ids:
        return
    await session.execute(
        update(Reminder)
        .where(Reminder.id.in_(sorted(reminder_ids)), Reminder.claimed_by == worker)
        .values(claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )


async def mark_bundle(
    session: AsyncSession, reminder_ids: Sequence[int], worker: str, key: str
) -> set[int]:
    """Mark the rows ``worker`` still holds of ``reminder_ids`` as going out in the one
    message ``key``, before it is sent: a retry after a crash sends them under it again. A row
    marked for another message keeps its mark. The ids marked (or marked so already)."""
    result = await session.scalars(
        update(Reminder)
        .where(
            Reminder.id.in_(list(reminder_ids)),
            Reminder.claimed_by == worker,
            Reminder.sent_at.is_(None),
            or_(Reminder.bundle.is_(None), Reminder.bundle == key),
        )
        .values(bundle=key)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    return set(result)


async def overdue_reached(
    session: AsyncSession, measure_id: int, person_id: int, due: str, *, role: str
) -> bool:
    """Whether a nudge about the measure ``measure_id`` overdue since ``due`` (ISO date) went
    out to ``person_id`` as ``role`` in a message of its own: not one settled unsent
    (skipped after downtime for the newer one, failed), nor a line of a catch-up summary."""
    payloads = await session.scalars(
        select(Reminder.payload).where(
            Reminder.subject == "measure",
            Reminder.subject_id == measure_id,
            Reminder.person_id == person_id,
            Reminder.outcome.in_([o for o in DELIVERED if o != "summarised"]),
        )
    )
    for text in payloads:
        payload = json.loads(text or "{}")
        if (
            payload.get("due") == due
            and payload.get("role") == role
            and payload.get("offset_days", 0) > 0
        ):
            return True
    return False


async def newer_due_about(session: AsyncSession, row: Reminder, now: datetime) -> bool:
    """Whether a later nudge to the same recipient about the same thing (measure, milestone,
    round, digest) is also due and still pending: after downtime only the newest needs to go
    out, whichever batch it was claimed in."""
    # A nudge to a person may name a group chat as its fallback: the person is the recipient.
    recipient = (
        Reminder.person_id == row.person_id
        if row.person_id is not None
        else and_(Reminder.person_id.is_(None), Reminder.chat_id.is_not_distinct_from(row.chat_id))
    )
    found = await session.scalar(
        select(Reminder.id)
        .where(
            Reminder.group_id == row.group_id,
            Reminder.subject == row.subject,
            Reminder.subject_id.is_not_distinct_from(row.subject_id),
            recipient,
            Reminder.sent_at.is_(None),
            Reminder.due_at > row.due_at,
            Reminder.due_at <= now,
        )
        .limit(1)
    )
    return found is not None


async def settle(
    session: AsyncSession,
    reminder_id: int,
    worker: str,
    now: datetime,
    *,
    outcome: str,
    late: bool = False,
    message: str | None = None,
) -> bool:
    """Mark a claimed row as settled (sent, late, summarised, skipped, failed) and release the
    claim in the same statement, keeping ``message`` (the nudge with buttons as sent). False
    if the claim was lost (another worker took over)."""
    settled = await _settle(
        session,
        Reminder.id == reminder_id,
        worker,
        now,
        outcome=outcome,
        late=late,
        message=message,
    )
    return bool(settled)


async def settle_all(
    session: AsyncSession,
    reminder_ids: Sequence[int],
    worker: str,
    now: datetime,
    *,
    outcome: str,
    late: bool = False,
) -> set[int]:
    """``settle`` for rows that went out together as one message, in one statement: the ids
    of those settled (a row whose claim was lost is left to the worker that took it)."""
    rows = Reminder.id.in_(list(reminder_ids))
    return await _settle(session, rows, worker, now, outcome=outcome, late=late, message=None)


async def _settle(
    session: AsyncSession,
    rows: ColumnElement[bool],
    worker: str,
    now: datetime,
    *,
    outcome: str,
    late: bool,
    message: str | None,
    held: ColumnElement[bool] | None = None,
) -> set[int]:
    """Settle the pending ``rows`` ``worker`` still holds a claim on (or that are ``held``
    as the caller says) in one statement: ``sent_at``, ``outcome`` and ``message`` set, the
    claim released. The ids of those settled."""
    result = await session.scalars(
        update(Reminder)
        .where(
            rows,
            Reminder.claimed_by == worker if held is None else held,
            Reminder.sent_at.is_(None),
        )
        .values(
            sent_at=now,
            outcome=outcome,
            late=late,
            claimed_by=None,
            claimed_at=None,
            message=message,
        )
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    return set(result)


async def settle_said(
    session: AsyncSession,
    group_id: int,
    person_ids: Collection[int],
    worker: str,
    now: datetime,
    *,
    said: Mapping[tuple[str, str], Collection[int]],
    before: datetime,
    outcome: str,
) -> set[int]:
    """Settle as ``outcome``, unsent, the pending rows to ``person_ids`` in ``group_id`` whose
    (subject, role in the payload) is a key of ``said`` and whose subject (a measure, a
    milestone) is in its value, due before ``before``, that nobody else holds a claim on: a
    message ``worker`` has sent said what they would have (to all of them: one read and one
    update, however many they are). The ids settled."""
    wanted = {key: set(ids) for key, ids in said.items() if ids}
    if not wanted or not person_ids:
        return set()
    subjects = sorted({subject for subject, _ in wanted})
    found = await session.execute(
        select(Reminder.id, Reminder.subject, Reminder.subject_id, Reminder.payload).where(
            Reminder.group_id == group_id,
            Reminder.person_id.in_(sorted(person_ids)),
            Reminder.subject.in_(subjects),
            Reminder.subject_id.in_(sorted({i for ids in wanted.values() for i in ids})),
            Reminder.due_at < before,
            Reminder.sent_at.is_(None),
        )
    )
    ids = [
        row_id
        for row_id, subject, subject_id, payload in found.all()
        if subject_id in wanted.get((subject, json.loads(payload or "{}").get("role")), ())
    ]
    if not ids:
        return set()
    held = or_(_free(now), Reminder.claimed_by == worker)
    return await _settle(
        session,
        Reminder.id.in_(ids),
        worker,
        now,
        outcome=outcome,
        late=False,
        message=None,
        held=held,
    )


async def answered_nudges(
    session: AsyncSession,
    group_id: int,
    measure_id: int,
    *,
    except_person: int | None = None,
    subject: str = "measure",
) -> list[str]:
    """The messages of the nudges about a measure (or another ``subject``: a milestone, by
    its id) that still show their buttons, now taken as answered: each is handed out once
    (the row forgets it), in this unit of work. With ``except_person``: all but that person's
    (the measure was handed over to them)."""
    query = select(Reminder.id, Reminder.message).where(
        Reminder.group_id == group_id,
        Reminder.subject == subject,
        Reminder.subject_id == measure_id,
        Reminder.message.is_not(None),
    )
    if except_person is not None:
        query = query.where(or_(Reminder.person_id.is_(None), Reminder.person_id != except_person))
    rows = await session.execute(query.order_by(Reminder.id))
    found = [(row_id, message) for row_id, message in rows.all() if message]
    if found:
        await session.execute(
            update(Reminder)
            .where(Reminder.id.in_([row_id for row_id, _ in found]))
            .values(message=None)
            .execution_options(synchronize_session=False)
        )
    return [message for _, message in found]


async def nudges_with_buttons(
    session: AsyncSession, group_id: int, measure_id: int
) -> list[tuple[int, str]]:
    """The nudges about a measure that still show buttons (their row ids and messages), left
    as they are: one of them may lose one button and keep the rest (``keep_message``)."""
    rows = await session.execute(
        select(Reminder.id, Reminder.message)
        .where(
            Reminder.group_id == group_id,
            Reminder.subject == "measure",
            Reminder.subject_id == measure_id,
            Reminder.message.is_not(None),
        )
        .order_by(Reminder.id)
    )
    return [(row_id, message) for row_id, message in rows.all() if message]


async def keep_message(session: AsyncSession, reminder_id: int, message: str) -> None:
    """The nudge of row ``reminder_id`` now reads ``message`` (still with buttons)."""
    await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id)
        .values(message=message)
        .execution_options(synchronize_session=False)
    )


async def retry_later(
    session: AsyncSession,
    reminder_id: int,
    worker: str,
    *,
    error: str,
    next_try_at: datetime,
) -> None:
    """A send failed: count it, keep the error, release the claim until ``next_try_at``."""
    await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.claimed_by == worker)
        .values(
            attempts=Reminder.attempts + 1,
            last_error=error[:1000],
            next_try_at=next_try_at,
            claimed_by=None,
            claimed_at=None,
        )
    )


async def hold(session: AsyncSession, reminder_id: int, worker: str, until: datetime) -> None:
    """A late row waits for the end of its target's quiet hours: release the claim until
    ``until`` without counting an attempt (nothing was tried)."""
    await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.claimed_by == worker)
        .values(next_try_at=until, claimed_by=None, claimed_at=None)
    )


async def give_up(
    session: AsyncSession, reminder_id: int, worker: str, now: datetime, *, error: str
) -> bool:
    """A send failed for good: settle the row as 'failed', keeping the error."""
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id, Reminder.claimed_by == worker, Reminder.sent_at.is_(None)
        )
        .values(
            attempts=Reminder.attempts + 1,
            last_error=error[:1000],
            sent_at=now,
            outcome="failed",
            claimed_by=None,
            claimed_at=None,
        )
        .returning(Reminder.id)
    )
    return result.first() is not None


async def pending(
    session: AsyncSession, group_id: int | None = None, *, until: datetime | None = None
) -> list[Reminder]:
    """Pending rows (of one group, up to ``until``), soonest first."""
    query = select(Reminder).where(Reminder.sent_at.is_(None))
    if group_id is not None:
        query = query.where(Reminder.group_id == group_id)
    if until is not None:
        query = query.where(Reminder.next_try_at <= until)
    return list(await session.scalars(query.order_by(Reminder.next_try_at, Reminder.id)))


async def next_due(session: AsyncSession, *, after: datetime, until: datetime) -> list[datetime]:
    """Distinct times pending rows come due in (``after``, ``until``]: the exact-time jobs."""
    rows = await session.scalars(
        select(Reminder.next_try_at)
        .where(
            and_(
                Reminder.sent_at.is_(None),
                Reminder.next_try_at > after,
                Reminder.next_try_at <= until,
            )
        )
        .distinct()
        .order_by(Reminder.next_try_at)
        .limit(1000)
    )
    return list(rows)


async def settled_keys(session: AsyncSession, group_id: int, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` name rows of ``group_id`` that are settled (sent, or not to be)."""
    found: set[str] = set()
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), _INSERT_CHUNK):
        found.update(
            await session.scalars(
                select(Reminder.dedupe_key).where(
                    Reminder.group_id == group_id,
                    Reminder.sent_at.is_not(None),
                    Reminder.dedupe_key.in_(wanted[start : start + _INSERT_CHUNK]),
                )
            )
        )
    return found


async def by_key(session: AsyncSession, key: str) -> Reminder | None:
    return await session.scalar(select(Reminder).where(Reminder.dedupe_key == key))


async def group_settings(session: AsyncSession, group_id: int) -> GroupReminderSettings | None:
    return await session.get(GroupReminderSettings, group_id)


async def person_settings(session: AsyncSession, person_id: int) -> PersonReminderSettings | None:
    return await session.get(PersonReminderSettings, person_id)


async def person_settings_for(
    session: AsyncSession, person_ids: Iterable[int]
) -> dict[int, PersonReminderSettings]:
    ids = list(set(person_ids))
    if not ids:
        return {}
    rows = await session.scalars(
        select(PersonReminderSettings).where(PersonReminderSettings.person_id.in_(ids))
    )
    return {row.person_id: row for row in rows}


async def ensure_group_settings(
    session: AsyncSession, group_id: int, now: datetime
) -> GroupReminderSettings:
    found = await group_settings(session, group_id)
    if found is None:
        found = GroupReminderSettings(group_id=group_id, updated_at=now)
        session.add(found)
    return found


async def ensure_person_settings(
    session: AsyncSession, person_id: int, now: datetime
) -> PersonReminderSettings:
    found = await person_settings(session, person_id)
    if found is None:
        found = PersonReminderSettings(person_id=person_id, updated_at=now)
        session.add(found)
    return found
