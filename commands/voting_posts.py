"""Posting the result of a round that closed on its own, until it reached the group's chats.

A coordinator's ``/close`` answers with the result. A round that closes at its closing time has
nobody waiting for an answer, so its result is kept: ``rounds.result_posted_at`` stays empty
until the result has reached every steering chat of the group, and the youth representatives
(their youth chat, or each of them directly: ``commands.voting_notice``; one in their quiet
hours has it held for their end, which counts as reached). The minute sweep
(``close_due_rounds``) posts what is pending. It claims a round (``result_claimed_at``, a lease
that another process takes over when the claimer died), sends to each chat (and person) that has
not had the result yet — those that have are kept in the key-value store as they are done, so a
retry never posts twice to one chat or person — and then marks the round posted. A chat that
refuses for good (the bot was removed) is skipped with a warning; any other failure is tried
again after a minute, then after 2, 4, 8 … minutes, at most an hour apart, for up to a week
after the round closed. The wait is kept in the claim itself: a failed post leaves its claim
dated so that it lapses when the next try is due. Once the round is marked posted, its entries
in the key-value store go (in the same transaction).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from bot.adapter import DeliveryFailed
from bot.context import Outgoing
from bot.events import ChatRef
from bot.reminders.policy import aware_utc
from bot.services import Services
from commands.voting_notice import held_for_quiet_hours, results_for_youth, youth_chat_told_key
from commands.voting_results import measures_of, outcome, result_reply
from storage.repo import groups as group_repo
from storage.repo import voting as repo
from storage.repo.system import DatabaseKeyValueStore, delete_keys

log = logging.getLogger(__name__)

RESULT_LEASE = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(days=7)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


def retry_delay(failures: int) -> timedelta:
    """The wait after the ``failures``-th failed try: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** min(max(failures - 1, 0), 16), LONGEST_RETRY)


def failures_key(round_id: int) -> str:
    """How often posting a round's result has failed (key-value store)."""
    return f"round-result-failures:{round_id}"


def posted_to_key(round_id: int) -> str:
    """Where the chats that already have a round's result are kept (key-value store): a JSON
    list of ``[platform, chat id]``."""
    return f"round-result-posted:{round_id}"


async def post_results(services: Services, now: datetime) -> int:
    """Post every result that is still pending; returns how many rounds got theirs out."""
    async with services.sessions() as session:
        pending = await repo.unposted_results(session)
    completed = 0
    for round_id, closed_at in pending:
        async with services.sessions() as session, session.begin():
            if not await repo.claim_result(session, round_id, now, now - RESULT_LEASE):
                continue  # posted meanwhile, or another process is at it
        try:
            done = await _post(services, round_id, now)
        except Exception:
            log.exception("posting the result of round id %s failed; trying again later", round_id)
            done = False
        if not done and aware_utc(now) - aware_utc(closed_at) > GIVE_UP_AFTER:
            log.warning(
                "the result of round id %s could not be posted for a week; given up", round_id
            )
            done = True
        keep_claim = None
        if not done:
            store = DatabaseKeyValueStore(services.sessions, services.clock)
            failures = int(await store.get(failures_key(round_id)) or 0) + 1
            await store.set(failures_key(round_id), str(failures))
            keep_claim = now + retry_delay(failures) - RESULT_LEASE
        async with services.sessions() as session, session.begin():
            await repo.release_result(session, round_id, now, posted=done, claimed_at=keep_claim)
            if done:  # posted for good: what the retries kept is no longer needed
                await delete_keys(
                    session,
                    [
                        failures_key(round_id),
                        posted_to_key(round_id),
                        youth_chat_told_key(round_id),
                    ],
                )
        completed += done
    return completed


async def _post(services: Services, round_id: int, now: datetime) -> bool:
    """Send the result to each steering chat that does not have it yet, and to each youth
    representative (held for the end of their quiet hours, if they are in them at ``now``);
    whether all have it."""
    async with services.sessions() as session:
        rnd = await repo.round_by_id(session, round_id)
        group = await group_repo.group_by_id(session, rnd.group_id) if rnd is not None else None
        if rnd is None or group is None:
            return True  # deleted meanwhile: nobody left to tell
        # The tally the close kept, for every chat and language: the close and its post are
        # two steps (the post may come after a restart), tallied once.
        found = await outcome(session, rnd)
        measures = await measures_of(session, rnd)  # once, for every chat and language
        reply = await result_reply(
            session, rnd, services.i18n(group.lang), found, measures=measures
        )
        targets = [
            ([c.platform, c.chat_id], Outgoing(reply, chat=ChatRef(c.platform, c.chat_id)))
            for c in await group_repo.chats_of(session, group.id, kind="steering")
        ]
        targets += await results_for_youth(
            session, services, group, rnd, found=found, measures=measures
        )
    store = DatabaseKeyValueStore(services.sessions, services.clock)
    key = posted_to_key(round_id)
    posted_to: list[list[str]] = json.loads(await store.get(key) or "[]")
    complete = True
    for target, item in targets:
        if target in posted_to:
            continue
        if item.person_id is not None:
            async with services.sessions() as session, session.begin():
                held = await held_for_quiet_hours(session, group, rnd, item, now)
            if held:  # it goes when their quiet hours end (once, also if this is a retry)
                posted_to.append(target)
                await store.set(key, json.dumps(posted_to))
                continue
        try:
            await services.send_now(item)
        except DeliveryFailed as exc:
            if not exc.permanent:
                log.warning(
                    "result of round id %s not delivered to %s (%s); trying again later",
                    round_id,
                    _where(target),
                    exc.reason,
                )
                complete = False
                continue
            log.warning(
                "%s refused the result of round id %s for good (%s); skipped",
                _where(target),
                round_id,
                exc.reason,
            )
        posted_to.append(target)
        await store.set(key, json.dumps(posted_to))
    return complete


def _where(target: list[str]) -> str:
    """A target for the log, without its chat id or person: "a telegram chat", "a person"."""
    return "a person" if target[0] == "person" else f"a {target[0]} chat"
