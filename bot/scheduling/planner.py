"""The planner: which outbox rows a group should have between now and a horizon.

It reads the database (measures with due dates, the group's programme dates, coordinators,
settings, the meeting rule, open voting rounds through ``VotingHooks``), asks the pure
planners in ``bot.reminders`` when each nudge goes out, and names each row with a dedupe key
``g{group}:…:p{person}:{nudge key}`` so planning again (or in another process) adds nothing
twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypedDict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import InvalidValue
from bot.reminders import (
    MeetingRule,
    Nudge,
    Policy,
    due_date_nudges,
    keep_spacing,
    meeting_nudges,
    parse_meeting_rule,
    programme_nudges,
    round_nudges,
    weekly_digest_nudges,
)
from bot.roles import COORDINATOR
from bot.scheduling.content import PROGRAMME_DATES
from bot.scheduling.policies import due_offsets, group_policy, overdue_every, person_policy
from bot.statuses import RESTING
from storage.models import (
    Chat,
    Group,
    GroupReminderSettings,
    Measure,
    Membership,
    Milestone,
    Person,
    PersonReminderSettings,
)
from storage.repo import groups as group_repo
from storage.repo import reminders as repo

log = logging.getLogger(__name__)

#: Measures in these statuses get no nudges (until taken up again).
FINISHED = RESTING
#: How many weeks before each programme date (``content.PROGRAMME_DATES``) coordinators hear
#: (0: on the day; after it the digest says it has passed while it stands).
PROGRAMME_WEEKS = (8, 4, 1, 0)
#: Subjects whose nudge, held for later and then put in the past by the plan (a pause ended
#: early), still goes out; a digest, a meeting or a round reminder that late would say nothing.
RESUMABLE = ("measure", "milestone", "group")


@dataclass(frozen=True)
class RoundInfo:
    """What the reminder engine needs to know about a voting round."""

    id: int
    group_id: int
    number: int
    title: str
    closes_at: datetime | None  # None: open until a coordinator closes it
    opens_at: datetime | None = None
    # How to vote in it, for the reminder's example (as the announcement's): the method, the
    # measures' numbers in round order, a dot round's points and most on one measure.
    method: str = ""
    numbers: tuple[int, ...] = ()
    points: int | None = None
    cap: int | None = None


class VotingHooks(Protocol):
    """What the voting capability offers the reminder engine (issue 4 implements it)."""

    async def open_rounds(self, session: AsyncSession, group_id: int) -> list[RoundInfo]:
        """The group's open rounds: those with a closing time first (soonest first), then
        those a coordinator closes by hand."""

    async def round_info(self, session: AsyncSession, round_id: int) -> RoundInfo | None:
        """One round, or None when it is gone or closed."""

    async def non_voters(self, session: AsyncSession, round_id: int) -> list[int]:
        """Person ids eligible in the round who have not voted yet ([] once it is closed)."""


@dataclass(frozen=True)
class PlannedRow:
    """One outbox row the plan wants."""

    key: str
    group_id: int
    kind: str
    subject: str
    due_at: datetime
    planned_at: datetime
    person_id: int | None = None
    subject_id: int | None = None
    platform: str | None = None
    chat_id: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def values(self, now: datetime) -> dict[str, Any]:
        """Column values for inserting this row."""
        return {
            "dedupe_key": self.key,
            "group_id": self.group_id,
            "kind": self.kind,
            "person_id": self.person_id,
            "platform": self.platform,
            "chat_id": self.chat_id,
            "subject": self.subject,
            "subject_id": self.subject_id,
            "payload": json.dumps(self.payload, sort_keys=True),
            "due_at": self.due_at,
            "planned_at": self.planned_at,
            "next_try_at": self.due_at,
            "late": False,
            "attempts": 0,
            "last_error": "",
            "created_at": now,
        }


@dataclass
class GroupFacts:
    """What planning and writing nudges for one group needs, loaded once."""

    group: Group
    settings: GroupReminderSettings | None
    policy: Policy
    chat: Chat | None
    coordinators: list[int]
    person_settings: dict[int, PersonReminderSettings]

    def policy_for(self, person_id: int) -> Policy:
        return person_policy(self.policy, self.person_settings.get(person_id))


async def load_facts(
    session: AsyncSession, group: Group, extra_people: Sequence[int] = ()
) -> GroupFacts:
    """Settings, policy, steering chat and coordinators of ``group``."""
    settings = await repo.group_settings(session, group.id)
    chats = await group_repo.chats_of(session, group.id, "steering")
    coordinators = list(
        await session.scalars(
            select(Membership.person_id)
            .join(Person, Person.id == Membership.person_id)
            .where(
                Membership.group_id == group.id,
                Membership.role == COORDINATOR,
                Person.forgotten_at.is_(None),
            )
            .order_by(Membership.person_id)
        )
    )
    people = set(coordinators) | set(extra_people)
    return GroupFacts(
        group=group,
        settings=settings,
        policy=group_policy(group, settings),
        chat=chats[0] if chats else None,
        coordinators=coordinators,
        person_settings=await repo.person_settings_for(session, people),
    )


class AheadOfTime(TypedDict):
    """The arguments of ``due_date_nudges`` that say what has passed (``_Collector``)."""

    not_before: datetime
    started: Callable[[str], bool]


def _local_date(policy: Policy, at: datetime) -> date:
    return policy.local(at).date()


class _Collector:
    """Keeps the nudges that fall in [now, until] as rows."""

    def __init__(
        self,
        facts: GroupFacts,
        now: datetime,
        until: datetime,
        outbox: repo.OutboxState | None = None,
    ) -> None:
        self.facts = facts
        self.now = now
        self.until = until
        self.outbox = outbox or repo.OutboxState()
        self.rows: dict[str, PlannedRow] = {}

    def ahead_of_time(self, prefix: str) -> AheadOfTime:
        """What ``due_date_nudges`` needs to move a warning on a weekend or holiday back to the
        day before (Friday) only while that day is still to come, or its row waits to be sent
        (rows keyed ``prefix`` + nudge key)."""
        due = self.outbox.due
        return {"not_before": self.now, "started": lambda key: prefix + key in due}

    def add(
        self,
        nudge: Nudge,
        key: str,
        *,
        subject: str,
        subject_id: int | None,
        person_id: int | None,
        payload: dict[str, Any],
        kind: str | None = None,
    ) -> None:
        if not (self.now <= nudge.at <= self.until):
            return
        chat = self.facts.chat
        self.rows[key] = PlannedRow(
            key=key,
            group_id=self.facts.group.id,
            kind=kind or nudge.kind,
            subject=subject,
            subject_id=subject_id,
            person_id=person_id,
            platform=chat.platform if chat else None,
            chat_id=chat.chat_id if chat else None,
            due_at=nudge.at,
            planned_at=nudge.planned,
            payload=payload,
        )


async def plan_group(
    session: AsyncSession,
    group: Group,
    now: datetime,
    until: datetime,
    *,
    voting: VotingHooks | None = None,
) -> tuple[list[PlannedRow], tuple[str, ...]]:
    """Every row ``group`` should have with a send time in [``now``, ``until``], and the
    subjects this plan covers (the rows of other subjects are left alone)."""
    measures = list(
        await session.scalars(
            select(Measure)
            .where(
                Measure.group_id == group.id,
                Measure.due_on.is_not(None),
                Measure.status.not_in(FINISHED),
            )
            .order_by(Measure.number)
        )
    )
    stones: list[tuple[Milestone, Measure]] = [
        (stone, measure)
        for stone, measure in (
            await session.execute(
                select(Milestone, Measure)
                .join(Measure, Measure.id == Milestone.measure_id)
                .where(
                    Measure.group_id == group.id,
                    Measure.status.not_in(FINISHED),
                    Milestone.reached_on.is_(None),
                )
                .order_by(Milestone.due_on, Milestone.id)
            )
        ).all()
    ]
    responsible = [m.responsible_id for m in measures if m.responsible_id is not None]
    responsible += [m.responsible_id for _, m in stones if m.responsible_id is not None]
    facts = await load_facts(session, group, responsible)
    # What each recipient really had about a measure that may be overdue by the horizon (its
    # overdue nudges keep their distance from that: a pause must not squeeze them), and which
    # held nudges still wait.
    until_day = _local_date(facts.policy, until)
    overdue = [m.id for m in measures if m.due_on is not None and m.due_on < until_day]
    outbox = await repo.outbox_state(
        session, group.id, now, measure_ids=overdue, subjects=RESUMABLE
    )
    out = _Collector(facts, now, until, outbox)
    subjects: list[str] = ["measure", "milestone", "group", "digest", "meeting"]
    _plan_measures(out, measures)
    _plan_milestones(out, stones)
    _plan_programme(out)
    _plan_digest(out)
    _plan_meetings(out)
    if voting is not None:
        subjects.append("round")
        await _plan_rounds(out, session, voting)
    return list(out.rows.values()), tuple(subjects)


def _recipients(facts: GroupFacts, measure: Measure) -> list[tuple[int, str]]:
    """Who hears of a measure's dates, and as what: its responsible person, else every
    coordinator ("unassigned": the nudge asks them to find someone)."""
    if measure.responsible_id is not None:
        return [(measure.responsible_id, "responsible")]
    return [(c, "unassigned") for c in facts.coordinators]


def _spaced(
    out: _Collector,
    nudges: list[Nudge],
    policy: Policy,
    before: repo.SentBefore | None,
    prefix: str,
    suffix: str = "",
) -> list[Nudge]:
    """``nudges`` of one thing to one person (their rows' keys: ``prefix`` + nudge key +
    ``suffix``), spaced from what that person really got (``before``, about a measure), with
    what a pause held and holds no more sent late, not lost."""
    settled = before.settled if before is not None else set()
    waiting = out.outbox.waiting
    return keep_spacing(
        nudges,
        policy,
        now=out.now,
        last_sent=before.last_sent if before is not None else None,
        settled=lambda nudge: f"{prefix}{nudge.key}{suffix}" in settled,
        waiting=lambda nudge: waiting.get(f"{prefix}{nudge.key}{suffix}"),
    )


def _plan_measures(out: _Collector, measures: list[Measure]) -> None:
    facts = out.facts
    for m in measures:
        assert m.due_on is not None
        for person_id, role in _recipients(facts, m):
            policy = facts.policy_for(person_id)
            own = facts.person_settings.get(person_id)
            prefix = f"g{facts.group.id}:m{m.id}:p{person_id}:"
            nudges = due_date_nudges(
                m.due_on,
                policy,
                overdue_until=_local_date(policy, out.until),
                offsets=due_offsets(facts.settings, own),
                overdue_every=overdue_every(facts.settings, own),
                **out.ahead_of_time(prefix),
            )
            before = out.outbox.sent.get((m.id, person_id))
            spaced = _spaced(out, nudges, policy, before, prefix)
            for nudge in spaced:
                out.add(
                    nudge,
                    prefix + nudge.key,
                    subject="measure",
                    subject_id=m.id,
                    person_id=person_id,
                    payload=_measure_payload(m, nudge, role),
                )
        if m.responsible_id is None:
            continue  # the coordinators have these nudges already
        for coordinator in facts.coordinators:
            if coordinator == m.responsible_id:
                continue
            policy = facts.policy_for(coordinator)
            prefix = f"g{facts.group.id}:m{m.id}:p{coordinator}:"
            nudges = due_date_nudges(
                m.due_on,
                policy,
                overdue_until=_local_date(policy, out.until),
                offsets=(),
                overdue_every=overdue_every(facts.settings, facts.person_settings.get(coordinator)),
            )
            escalated = [n for n in nudges if n.escalate]
            for nudge in _spaced(
                out,
                escalated,
                policy,
                out.outbox.sent.get((m.id, coordinator)),
                prefix,
                ":escalated",
            ):
                out.add(
                    nudge,
                    f"{prefix}{nudge.key}:escalated",
                    subject="measure",
                    subject_id=m.id,
                    person_id=coordinator,
                    payload=_measure_payload(m, nudge, "escalated"),
                    kind="escalation",
                )


def _plan_milestones(out: _Collector, stones: list[tuple[Milestone, Measure]]) -> None:
    """Milestones nudge the measure's responsible person at the due-date offsets (before and
    on the day), or the coordinators while nobody is responsible. One not marked reached by
    its day asks the person responsible once more, one overdue interval after it (theirs,
    ``überfällig=``; none when off), whether it was reached; not again (the coordinators'
    digest lists it until it is marked). One on its measure's due date has no nudges of its
    own to the person responsible: the due date's name it, one message at each offset
    (``content._due_with_milestones``), and its first overdue nudge asks whether it was
    reached (its one follow-up); the coordinators' note has a line for each."""
    facts = out.facts
    for stone, measure in stones:
        if measure.due_on == stone.due_on and measure.responsible_id is not None:
            continue  # said by the due date's nudges (planned from ``measures``)
        for person_id, role in _recipients(facts, measure):
            policy = facts.policy_for(person_id)
            prefix = f"g{facts.group.id}:ms{stone.id}:p{person_id}:"
            own = facts.person_settings.get(person_id)
            nudges = due_date_nudges(
                stone.due_on,
                policy,
                overdue_until=_local_date(policy, out.until),
                offsets=due_offsets(facts.settings, own),
                overdue_every=overdue_every(facts.settings, own) if role == "responsible" else None,
                **out.ahead_of_time(prefix),
            )
            on_or_before = [n for n in nudges if n.offset_days <= 0]
            on_or_before += [n for n in nudges if n.offset_days > 0][:1]  # the one follow-up
            for nudge in _spaced(out, on_or_before, policy, None, prefix):
                out.add(
                    nudge,
                    prefix + nudge.key,
                    subject="milestone",
                    subject_id=stone.id,
                    person_id=person_id,
                    payload={
                        "due": stone.due_on.isoformat(),
                        "offset_days": nudge.offset_days,
                        "measure": measure.id,
                        "role": role,
                    },
                    kind=f"milestone_{nudge.kind}",
                )


def _measure_payload(m: Measure, nudge: Nudge, role: str) -> dict[str, Any]:
    assert m.due_on is not None
    return {
        "due": m.due_on.isoformat(),
        "offset_days": nudge.offset_days,
        "role": role,
        "responsible": m.responsible_id,
        **({"slows_down": True} if nudge.slows_down else {}),
    }


def _plan_programme(out: _Collector) -> None:
    facts = out.facts
    for column, label in PROGRAMME_DATES:
        when: date | None = getattr(facts.group, column)
        if when is None:
            continue
        for coordinator in facts.coordinators:
            policy = facts.policy_for(coordinator)
            prefix = f"g{facts.group.id}:p{coordinator}:"
            nudges = programme_nudges(
                when, policy, PROGRAMME_WEEKS, label=label, **out.ahead_of_time(prefix)
            )
            for nudge in _spaced(out, nudges, policy, None, prefix):
                out.add(
                    nudge,
                    prefix + nudge.key,
                    subject="group",
                    subject_id=facts.group.id,
                    person_id=coordinator,
                    payload={
                        "column": column,
                        "label": label,
                        "date": when.isoformat(),
                        "offset_days": nudge.offset_days,
                    },
                )


def _plan_digest(out: _Collector) -> None:
    facts = out.facts
    for coordinator in facts.coordinators:
        # Start a week back: a digest planned for a Monday that has passed may have been moved
        # (Easter Monday → Tuesday) to a time still ahead, and must stay in the plan.
        start = out.now - timedelta(days=7)
        for nudge in weekly_digest_nudges(start, out.until, facts.policy_for(coordinator)):
            out.add(
                nudge,
                f"g{facts.group.id}:p{coordinator}:{nudge.key}",
                subject="digest",
                subject_id=facts.group.id,
                person_id=coordinator,
                payload={"planned": nudge.planned.isoformat()},
            )


def meeting_rule_of(facts: GroupFacts) -> MeetingRule | None:
    """The group's meeting rule, or None (an unreadable stored rule is logged and ignored)."""
    return stored_meeting_rule(facts.group, facts.settings, facts.policy.local)


def stored_meeting_rule(
    group: Group, settings: GroupReminderSettings | None, local: Callable[[datetime], datetime]
) -> MeetingRule | None:
    """The meeting rule ``settings`` store for ``group`` (counted from the day the group was
    made, on its wall clock ``local``), or None; an unreadable one is logged and ignored."""
    spec = settings.meeting_rule if settings else None
    if not spec:
        return None
    try:
        return parse_meeting_rule(spec, today=local(group.created_at).date())
    except InvalidValue:
        log.warning("group %s: stored meeting rule %r is unreadable", group.id, spec)
        return None


def _plan_meetings(out: _Collector) -> None:
    facts = out.facts
    rule = meeting_rule_of(facts)
    if rule is None or facts.chat is None:
        return
    # Reminders come a day before: look a little past the horizon for their meetings.
    for meeting in rule.occurrences(out.now, facts.policy.tz, until=out.until + timedelta(days=2)):
        for nudge in meeting_nudges(meeting, facts.policy):
            out.add(
                nudge,
                f"g{facts.group.id}:chat:{nudge.key}",
                subject="meeting",
                subject_id=facts.group.id,
                person_id=None,
                payload={"meeting": meeting.isoformat(), "rule": rule.spec()},
            )


async def _plan_rounds(out: _Collector, session: AsyncSession, voting: VotingHooks) -> None:
    facts = out.facts
    for info in await voting.open_rounds(session, facts.group.id):
        if info.closes_at is None:
            continue  # reminders count down to a closing time; without one there is none
        non_voters = await voting.non_voters(session, info.id)
        missing = [p for p in non_voters if p not in facts.person_settings]
        facts.person_settings.update(await repo.person_settings_for(session, missing))
        for person_id in non_voters:
            for nudge in round_nudges(
                info.closes_at, facts.policy_for(person_id), opens_at_utc=info.opens_at
            ):
                if nudge.kind != "round_reminder":
                    continue  # the result at close is posted by the voting capability
                out.add(
                    nudge,
                    f"g{facts.group.id}:r{info.id}:p{person_id}:{nudge.key}",
                    subject="round",
                    subject_id=info.id,
                    person_id=person_id,
                    payload={"closes": info.closes_at.isoformat()},
                )
