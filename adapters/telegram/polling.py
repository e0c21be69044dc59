"""Long polling with at-least-once delivery: the offset moves only after the core handled it.

python-telegram-bot's ``Updater`` confirms an update (by asking for the next offset) before
the handlers ran, so a crash in between loses it. Here each update is awaited through the
handler first; only then does the offset move past it. The offset is stored
(``telegram:offset``) once per batch that ``getUpdates`` returned — after the batch, before a
pause to retry and on stop — and the next ``getUpdates`` confirms it to Telegram. After a crash
the updates since the last stored offset arrive again with the same update ids, and the core,
which dedupes by event id, applies each once. (Storing after every update cost a quarter of
the time per update.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, TelegramError, TimedOut

from adapters.telegram.ratelimit import Sleep
from bot.state import KeyValueStore

log = logging.getLogger(__name__)

OFFSET_KEY = "telegram:offset"
ALLOWED_UPDATES = ("message", "callback_query")
#: How often a lasting 409 Conflict (another process polls the same token) is said again.
CONFLICT_REPEAT = 3600.0
CONFLICT_NOTE = (
    "another process is polling this bot's Telegram token (409 Conflict): the two take turns "
    "and each misses updates; run one steerbot per token (several on one database: the webhook)"
)


class Poller:
    """Fetches updates and hands them one by one to ``handle``."""

    def __init__(
        self,
        bot: Bot,
        state: KeyValueStore,
        handle: Callable[[Update], Awaitable[None]],
        sleep: Sleep,
        *,
        timeout: int = 30,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bot = bot
        self._clock = clock
        self._conflict_said: float | None = None  # when CONFLICT_NOTE was last logged
        self._state = state
        self._handle = handle
        self._sleep = sleep
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.offset: int | None = None
        self._unsaved: int | None = None  # the last update handled, not yet stored
        self._attempts: dict[int, int] = {}
        self.stopping = False  # set by the adapter: finish the current update, take no more
        self.busy = False  # an update is being handled right now

    async def load_offset(self) -> None:
        """Continue after the last update handled before a restart."""
        stored = await self._state.get(OFFSET_KEY)
        self.offset = int(stored) + 1 if stored else None

    def _advance(self, update_id: int) -> None:
        self.offset = update_id + 1
        self._attempts.pop(update_id, None)
        self._unsaved = update_id

    async def save_offset(self) -> None:
        """Store how far the updates were handled (once per batch)."""
        handled = self._unsaved
        if handled is not None:
            await self._state.set(OFFSET_KEY, str(handled))
            if self._unsaved == handled:
                self._unsaved = None

    async def _fetch(self) -> list[Update]:
        updates = await self._bot.get_updates(
            offset=self.offset, timeout=self.timeout, allowed_updates=list(ALLOWED_UPDATES)
        )
        return list(updates)

    async def run(self) -> None:
        """Poll until cancelled."""
        failures = 0
        while not self.stopping:
            try:
                updates = await self._fetch()
            except TimedOut:
                continue  # a long poll that outlived the HTTP timeout; just ask again
            except InvalidToken:
                raise
            except TelegramError as exc:
                failures += 1
                wait = min(self.backoff * 2 ** (failures - 1), self.max_backoff)
                if isinstance(exc, Conflict):
                    self._say_conflict()
                else:
                    log.warning("getUpdates failed (%s); retrying in %.0fs", exc, wait)
                await self._sleep(wait)
                continue
            failures = 0
            attempts = 0
            for update in updates:
                if self.stopping:
                    break
                if self.offset is not None and update.update_id < self.offset:
                    continue  # already handled (can happen right after a restart)
                self.busy = True  # stop() waits for this: the core's work
                try:
                    attempts = await self._handle_one(update)
                finally:
                    self.busy = False
                if attempts:
                    break
            self.busy = True  # stop() waits for the offset write too (never cut mid-commit)
            try:
                await self.save_offset()
            finally:
                self.busy = False
            if attempts:
                # Fetch again from this update after a pause.
                await self._sleep(min(self.backoff * 2 ** (attempts - 1), self.max_backoff))

    def _say_conflict(self) -> None:
        """One line when another process polls the token, again only after an hour: the two
        keep interrupting each other's polls, a warning for each filled the log."""
        now = self._clock()
        if self._conflict_said is None or now - self._conflict_said >= CONFLICT_REPEAT:
            self._conflict_said = now
            log.error("%s", CONFLICT_NOTE)
        else:
            log.debug("getUpdates: 409 Conflict again")

    async def _handle_one(self, update: Update) -> int:
        """Handle one update and move the offset past it (stored after the batch); returns the
        number of failed attempts when it should be fetched again, else 0."""
        try:
            await self._handle(update)
        except Exception:
            attempts = self._attempts.get(update.update_id, 0) + 1
            self._attempts[update.update_id] = attempts
            if attempts < self.max_attempts:
                log.exception("handling update %s failed (attempt %s)", update.update_id, attempts)
                return attempts
            # A poison update must not block every later one forever.
            log.exception("giving up on update %s after %s attempts", update.update_id, attempts)
        self._advance(update.update_id)
        return 0

    async def confirm(self) -> None:
        """Store and tell Telegram what was handled (a last ``getUpdates`` with timeout 0), on
        stop."""
        await self.save_offset()
        if self.offset is None:
            return
        try:
            await self._bot.get_updates(offset=self.offset, timeout=0, limit=1)
        except TelegramError as exc:
            # The stored offset is the truth; the next start confirms it.
            log.warning("could not confirm the last updates on stop: %s", exc)
