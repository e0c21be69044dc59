"""Wiring: settings → engine, registry, dispatcher, messenger and adapters. Nothing global."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapter import Adapter
from bot.clock import Clock, FakeClock, SystemClock
from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.events import ChatRef
from bot.i18n import I18n
from bot.messenger import Messenger
from bot.registry import Registry
from bot.scheduling import PeriodicJob, ReminderEngine, VotingHooks, messenger_send
from bot.scheduling.notices import NoticeMaker
from bot.scheduling.scheduler import ReminderScheduler
from bot.services import Services, random_code
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.repo import groups as group_repo
from storage.repo.context_cache import ContextCache
from storage.repo.system import DatabaseKeyValueStore

log = logging.getLogger(__name__)


class App:
    """One running bot: database, commands, adapters. Use as ``async with App(...) as app``."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        engine: AsyncEngine | None = None,
        registry: Registry | None = None,
        new_code: Callable[[], str] = random_code,
        i18n: I18n | None = None,
        periodic_jobs: Sequence[PeriodicJob] | None = None,
        voting: VotingHooks | None = None,
        run_scheduler: bool | None = None,
    ) -> None:
        """``periodic_jobs``: work run on every scheduler tick (default: ``default_periodic_jobs``);
        ``voting``: the voting capability's hooks for round reminders; ``run_scheduler``:
        start APScheduler with the app — by default only with a clock that follows real time
        (tests with a ``FakeClock`` drive ``app.reminders`` themselves)."""
        from commands import build_registry

        self.settings = settings
        self.clock = clock or SystemClock()
        self.engine = engine or make_engine(settings.effective_database_url)
        self._owns_engine = engine is None
        self.sessions = make_sessionmaker(self.engine)
        self.services = Services(
            settings=settings,
            clock=self.clock,
            i18n=i18n or I18n(),
            registry=registry or build_registry(),
            sessions=self.sessions,
            new_code=new_code,
            context_cache=ContextCache() if self.engine.dialect.name == "sqlite" else None,
        )
        self.messenger = Messenger(self.services)
        self.services.deliver = self.messenger.deliver
        self.services.send_now = messenger_send(self.messenger)
        self.services.fetch = self.messenger.fetch
        self.dispatcher = Dispatcher(self.services, self.messenger.deliver)
        self.state = DatabaseKeyValueStore(self.sessions, self.clock)
        self.reminders = ReminderEngine(
            self.services,
            send=self.services.send_now,
            voting=voting if voting is not None else default_voting_hooks(),
            periodic=default_periodic_jobs() if periodic_jobs is None else periodic_jobs,
            makers=default_notice_makers(),
        )
        self.services.extras["reminders"] = self.reminders
        if run_scheduler is None:
            run_scheduler = not isinstance(self.clock, FakeClock)
        self.scheduler = ReminderScheduler(self.reminders, self.clock) if run_scheduler else None
        self.adapters: list[Adapter] = []
        self._started: list[Adapter] = []
        # Set when a platform stopped working for good while running (see fail()).
        self.failed = asyncio.Event()
        self.failure: str | None = None

    def add_adapter(self, adapter: Adapter) -> Adapter:
        """Attach an adapter; it starts with the app."""
        self.adapters.append(adapter)
        self.messenger.register(adapter)
        return adapter

    def fail(self, reason: str) -> None:
        """A platform stopped working for good while running (Telegram refused the token):
        ``steerbot run`` ends with ``reason`` rather than run on half deaf."""
        if self.failure is None:
            self.failure = reason
        self.failed.set()

    async def move_chat(self, old: ChatRef, new: ChatRef) -> None:
        """A platform gave a chat a new id (Telegram group → supergroup): the binding moves."""
        from commands.chat_move import take_along

        async with self.sessions() as session, session.begin():
            chat = await group_repo.chat_binding(session, old.platform, old.chat_id)
            taken = await group_repo.chat_binding(session, new.platform, new.chat_id)
            if chat is not None and taken is None:  # unless the new id is bound already
                await take_along(session, chat, new)

    async def upgrade_database(self) -> None:
        await upgrade(self.engine)

    async def start(self, *, upgrade_db: bool = True) -> None:
        """Upgrade the schema (unless told not to) and start every adapter."""
        if upgrade_db:
            await self.upgrade_database()
        for adapter in self.adapters:
            try:
                await adapter.start(self.dispatcher.handle)
            except BaseException:
                # What it opened on the way (an HTTP session, a login) is closed again.
                try:
                    await adapter.stop()
                except Exception:
                    log.exception("stopping adapter %s after a failed start failed", adapter.name)
                raise
            self._started.append(adapter)
            log.info("adapter %s started", adapter.name)
        if self.scheduler is not None:
            await self.scheduler.start()

    async def stop(self) -> None:
        """Stop the scheduler, the adapters (newest first) and release the database."""
        if self.scheduler is not None:
            await self.scheduler.stop()
        while self._started:
            adapter = self._started.pop()
            try:
                await adapter.stop()
            except Exception:
                log.exception("stopping adapter %s failed", adapter.name)
        if self._owns_engine:
            await self.engine.dispose()

    async def __aenter__(self) -> App:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


def default_periodic_jobs() -> list[PeriodicJob]:
    """Work every bot process does on the scheduler's tick besides sending reminders: close
    the voting rounds whose time has come (each round is claimed by one conditional UPDATE,
    so its result is posted once however many processes run), the new counts of who may vote
    that the operator's command line left to show, and the daily privacy purge."""
    from commands.voting import close_due_rounds
    from commands.voting_announcement import recount_marked
    from storage.privacy.retention import purge

    async def daily_purge(services: Services, now: datetime) -> object:
        return await purge(services, now)

    return [
        PeriodicJob("close rounds", close_due_rounds),
        PeriodicJob("recount rounds", recount_marked),
        PeriodicJob("purge", daily_purge, every=timedelta(days=1)),
    ]


def default_notice_makers() -> dict[str, NoticeMaker]:
    """What makes a held notice again when it goes out (``bot.scheduling.notices.hold_made``):
    a round's result for a youth representative, with its chart."""
    from commands.voting_notice import RESULT_NOTICE, held_result

    return {RESULT_NOTICE: held_result}


def default_voting_hooks() -> VotingHooks | None:
    """The voting capability's hooks for round reminders (``bot.scheduling.VotingHooks``),
    read from the voting tables."""
    from bot.scheduling.voting_hooks import RoundHooks

    return RoundHooks()


def configured_adapters(app: App) -> Sequence[Adapter]:
    """The platform adapters the settings ask for (imported only when configured)."""
    adapters: list[Adapter] = []
    settings = app.settings
    if settings.telegram_enabled:
        from adapters.telegram.factory import telegram_adapter

        adapters.append(telegram_adapter(app))
    if settings.matrix_enabled:
        from adapters.matrix.factory import matrix_adapter

        adapters.append(matrix_adapter(app))
    return adapters
