"""The ``steerbot`` command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from storage.migrate import ForeignKeysBroken, SchemaState, SchemaTooNew, UnknownRevision

EXIT_CONFIG = 2
EXIT_USAGE = 2  # a bad argument, as argparse's own usage errors: asking again will not help
EXIT_PLATFORM = 1  # a platform could not start or stopped working (credentials, server)
EXIT_IN_USE = 1  # another steerbot runs on the data directory: starting again later may work
LOCK_FILE = "steerbot.lock"


class DataDirInUse(Exception):
    """Another ``steerbot run`` (or console) holds the data directory's lock."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steerbot",
        description="A chat bot for municipal steering groups (Matrix, Telegram, console).",
    )
    parser.add_argument("--version", action="version", version=f"steerbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run every configured adapter (the console when none is configured)")
    console = sub.add_parser("console", help="run the bot on the local console")
    console.add_argument("--user", default="you", help="who plain lines are said by (default: you)")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="bring the database schema up to date")
    db_sub.add_parser(
        "status", help="the schema's revision and the newest; exit 1 when they differ"
    )
    down = db_sub.add_parser(
        "downgrade",
        help="take the schema back to an older release's revision (says what first)",
    )
    down.add_argument(
        "revision", metavar="REVISION", help="a revision (e.g. 0019), -N (N migrations back)"
    )
    down.add_argument(
        "--yes", action="store_true", help="do it (without: only print what it would do)"
    )
    purge = db_sub.add_parser("purge", help="delete what outlived its retention period")
    purge.add_argument("--dry-run", action="store_true", help="only print what would be deleted")
    reminders = sub.add_parser("reminders", help="reminder planning")
    rem_sub = reminders.add_subparsers(dest="reminders_command", metavar="ACTION", required=True)
    preview = rem_sub.add_parser("preview", help="print a group's planned nudges without sending")
    preview.add_argument("--group", type=int, required=True, help="group id")
    preview.add_argument(
        "--until", required=True, help="last day to show (2027-03-31 or 31.3.2027)"
    )
    groups = sub.add_parser("groups", help="list the groups with the ids that --group takes")
    groups_sub = groups.add_subparsers(dest="groups_command", metavar="ACTION")
    coordinator = groups_sub.add_parser(
        "coordinator", help="make a member of a group its coordinator (a group left without one)"
    )
    coordinator.add_argument("group", type=int, help="group id (steerbot groups lists them)")
    coordinator.add_argument("person", help="the member's name or user id")
    config = sub.add_parser("config", help="settings")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION")
    config_sub.add_parser("show", help="print the effective settings (secrets masked)")
    from commands.plan_cli import add_parsers

    add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        settings = load_settings()
        if args.command != "config" and _uses_data_dir(settings, args.command):
            check_data_dir(settings.data_dir)
    except ConfigError as exc:
        print(f"steerbot: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    with contextlib.ExitStack() as held:
        # Held while the command runs and let go when it returns: `make run`'s upgrade ends
        # before its console starts.
        refused = _hold(held, _locks(settings, args), _in_use_advice(args))
        if refused is not None:
            return refused
        return _dispatch(parser, args, settings)


def _hold(held: contextlib.ExitStack, locks: list[tuple[Path, str]], advice: str) -> int | None:
    """Take ``locks`` into ``held``; None when all are held, else the exit code, after one
    line saying which is held by another steerbot (with ``advice``) or cannot be made."""
    for lock_file, guarded in locks:
        try:
            held.enter_context(hold_lock(lock_file, guarded))
        except DataDirInUse as exc:
            print(f"steerbot: {exc}{advice}", file=sys.stderr)
            return EXIT_IN_USE
        except OSError as exc:  # a SQLite file's folder this user may not write to
            print(f"steerbot: cannot make the lock {lock_file}: {exc.strerror}", file=sys.stderr)
            return 1
    return None


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    try:
        if _works_beside_a_bot(args):
            refused = _schema_ready(settings)
            if refused is not None:
                return refused
        if args.command == "db":
            if args.db_command == "purge":
                return asyncio.run(_db_purge(settings, dry_run=args.dry_run))
            if args.db_command == "status":
                return _db_status(settings)
            if args.db_command == "downgrade":
                return _db_downgrade(settings, args.revision, yes=args.yes)
            return asyncio.run(_db_upgrade(settings))
        if args.command == "reminders":
            from bot.scheduling.preview import preview

            return asyncio.run(preview(settings, args.group, args.until))
        if args.command == "config":
            for key, value in settings.masked().items():
                print(f"{key}={value}")
            return 0
        if args.command == "groups":
            from commands.groups_cli import run as list_groups
            from commands.groups_cli import run_coordinator

            if getattr(args, "groups_command", None) == "coordinator":
                return run_coordinator(settings, args.group, args.person)

            return list_groups(settings)
        if args.command in ("export", "import"):
            from commands.plan_cli import run

            return run(settings, args)
        if args.command == "console":
            return asyncio.run(_console(settings, args.user))
        if args.command == "run":
            return asyncio.run(_run(settings))
    except KeyboardInterrupt:
        return 130
    except (OSError, SQLAlchemyError) as exc:
        print(f"steerbot: the database cannot be reached: {_reason(exc)}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"steerbot: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except (SchemaTooNew, ForeignKeysBroken) as exc:
        print(f"steerbot: {exc}", file=sys.stderr)
        return 1
    except UnknownRevision as exc:
        print(f"steerbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return 0


def _changes_schema(args: argparse.Namespace) -> bool:
    return args.command == "db" and args.db_command in ("upgrade", "downgrade")


def _in_use_advice(args: argparse.Namespace) -> str:
    if _changes_schema(args):
        return ": stop it before " + (
            "upgrading" if args.db_command == "upgrade" else "downgrading"
        )
    return ""


def _locks(settings: Settings, args: argparse.Namespace) -> list[tuple[Path, str]]:
    """The lock files the command holds while it runs, each with what it guards (for the
    line that refuses). A bot (``run``, ``console``) holds the data directory's when it keeps
    something there, and a SQLite file's, beside the file (``steerbot.db`` → ``steerbot.lock``:
    in the data directory the two are one); an upgrade or downgrade holds the same ones that
    exist, so it waits for a bot on the same data: one running meanwhile would meet a schema
    it does not know, and one starting during a downgrade upgrades it again."""
    schema = _changes_schema(args)
    if args.command not in ("run", "console") and not schema:
        return []
    return _lock_files(settings, args.command, schema=schema)


def _lock_files(settings: Settings, command: str, *, schema: bool) -> list[tuple[Path, str]]:
    """The locks of :func:`_locks`: for a change of the schema, those that exist."""
    locks: dict[Path, tuple[Path, str]] = {}
    data_dir = settings.data_dir
    if data_dir.is_dir() if schema else _uses_data_dir(settings, command):
        data_lock = data_dir / LOCK_FILE
        locks[data_lock.resolve()] = (data_lock, f"with data directory {data_dir.resolve()}")
    file = sqlite_file(settings)
    if file is not None and file.parent.is_dir():
        lock = lock_beside(file)
        guarded = f"on database {file.resolve()}"
        if lock.parent.resolve() == data_dir.resolve() and lock.name == LOCK_FILE:
            guarded = f"with data directory {data_dir.resolve()}"
        locks.setdefault(lock.resolve(), (lock, guarded))
    return list(locks.values())


def _works_beside_a_bot(args: argparse.Namespace) -> bool:
    """The commands that may run beside a running bot: ``export``, ``import``, ``groups``,
    ``db purge``, ``reminders preview``."""
    if args.command == "db":
        return bool(args.db_command == "purge")
    return args.command in ("export", "import", "groups", "reminders")


def _schema_ready(settings: Settings) -> int | None:
    """Bring the schema up to date for a command that works beside a running bot; None when
    it may go on, else its exit code. At the newest revision it takes no lock (the bot may
    run meanwhile). Behind, it upgrades holding the locks ``db upgrade`` holds, and is
    refused with one line while a bot holds one: a newer release's command would change the
    schema under an older bot. A database a newer steerbot upgraded is refused as ``run``
    refuses it (:class:`SchemaTooNew`): nothing runs against a schema this one does not know."""
    from storage.migrate import state_of

    state = state_of(None) if _no_sqlite_file(settings) else asyncio.run(_schema_state(settings))
    if state.too_new and state.current is not None:
        raise SchemaTooNew(state.current, state.head)
    if state.up_to_date:
        return None
    n = state.pending
    advice = (
        f", and the database needs an upgrade first ({n} migration{'s' if n != 1 else ''}): "
        "stop it and run steerbot db upgrade"
    )
    with contextlib.ExitStack() as held:  # only while it upgrades: a bot may start after
        refused = _hold(held, _lock_files(settings, "db", schema=True), advice)
        if refused is not None:
            return refused
        asyncio.run(_upgrade(settings))
    return None


def sqlite_file(settings: Settings) -> Path | None:
    """The SQLite file the settings name (by default ``steerbot.db`` in the data directory);
    None for PostgreSQL or a database in memory."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.effective_database_url)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if not file or file == ":memory:" or file.startswith("file:"):
        return None
    return Path(file)


def lock_beside(file: Path) -> Path:
    """A SQLite file's lock: its name with ``.lock`` for its ending, beside it."""
    lock = file.with_suffix(".lock")
    return lock if lock != file else file.with_name(file.name + ".lock")


def _uses_data_dir(settings: Settings, command: str) -> bool:
    """Whether ``command`` keeps something in the data directory: the SQLite file (unless
    DATABASE_URL names a database), the console's log and files, the Matrix session."""
    platforms = settings.telegram_enabled or settings.matrix_enabled
    return (
        settings.database_url is None
        or settings.matrix_enabled
        or command == "console"
        or (command == "run" and not platforms)
    )


def hold_data_dir(path: Path) -> contextlib.AbstractContextManager[None]:
    """Hold the data directory's lock (see :func:`hold_lock`)."""
    return hold_lock(path / LOCK_FILE, f"with data directory {path.resolve()}")


@contextlib.contextmanager
def hold_lock(lock_file: Path, guarded: str) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` while the bot runs, so that a second bot on
    the same data (the same SQLite file, the same Matrix device) stops at once; raise
    :class:`DataDirInUse` saying ``another steerbot is already running`` ``guarded`` when
    another process holds it. The kernel releases a ``flock`` when its holder ends, however
    it ends (kill -9 too): the lock file left behind never blocks a later start."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: nothing to lock with
        yield
        return
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataDirInUse(f"another steerbot is already running {guarded}") from None
        os.ftruncate(fd, 0)  # who holds it, for whoever looks
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def check_data_dir(path: Path) -> None:
    """Make the data directory if it is missing; raise :class:`ConfigError` naming
    ``STEERBOT_DATA_DIR`` when it cannot be used."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"STEERBOT_DATA_DIR: {path} is a file, not a folder")
    try:
        if not path.exists():  # only its owner may read what it will hold
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"STEERBOT_DATA_DIR: cannot make {path}: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"STEERBOT_DATA_DIR: {path} is not writable for this user")


def _reason(exc: BaseException) -> str:
    """One line about a database failure, without the URL (it may hold a password)."""
    original = getattr(exc, "orig", None) or exc
    text = f"{type(original).__name__}: {original}".splitlines()[0]
    from bot.logs import mask_url_passwords

    return mask_url_passwords(text)[:200]


async def _db_upgrade(settings: Settings) -> int:
    from bot.logs import setup_logging

    setup_logging(settings)
    await _upgrade(settings)
    print("database is up to date")
    return 0


async def _upgrade(settings: Settings) -> None:
    from bot.app import App

    app = App(settings)
    try:
        await app.upgrade_database()
    finally:
        await app.engine.dispose()


async def _schema_state(settings: Settings) -> SchemaState:
    from storage.db import make_engine
    from storage.migrate import schema_state

    engine = make_engine(settings.effective_database_url)
    try:
        return await schema_state(engine)
    finally:
        await engine.dispose()


def _db_status(settings: Settings) -> int:
    """Print the database's revision and the newest this steerbot has; 0 when they are the
    same, 1 when an upgrade is pending or a newer steerbot upgraded it. Changes nothing."""
    from storage.migrate import state_of

    # A missing file is said as an empty database, not made one: a mistyped path leaves none.
    state = state_of(None) if _no_sqlite_file(settings) else asyncio.run(_schema_state(settings))
    print(f"current revision: {state.current or 'none (an empty database)'}")
    print(f"head revision: {state.head}")
    if state.too_new:
        print(
            "the database is newer than this steerbot: run the steerbot that upgraded it, "
            "or restore the backup made before that upgrade"
        )
        return 1
    if not state.up_to_date:
        n = state.pending
        print(
            f"an upgrade is pending ({n} migration{'s' if n != 1 else ''}): "
            "run steerbot db upgrade (steerbot run does it on start)"
        )
        return 1
    print("up to date")
    return 0


def _no_sqlite_file(settings: Settings) -> bool:
    """Whether the database is a SQLite file that does not exist (yet)."""
    file = sqlite_file(settings)
    return file is not None and not file.exists()


def _db_downgrade(settings: Settings, target: str, *, yes: bool) -> int:
    """Say which migrations a downgrade to ``target`` undoes and what is lost; undo them
    only with ``yes``. Exit 0 done (or nothing to do), 1 not done (no ``--yes``)."""
    from storage.migrate import downgrade_steps

    found = None if _no_sqlite_file(settings) else asyncio.run(_schema_state(settings)).current
    if found is None:
        print("the database is empty (no schema): there is nothing to downgrade")
        return 0
    end, steps = downgrade_steps(found, target)
    if not steps:
        print(f"the database is at revision {found} already: nothing to do")
        return 0
    n = len(steps)
    print(
        f"{'Downgrading' if yes else 'This would take'} the database from revision {found} "
        f"to {end or 'an empty schema (base)'}, undoing {n} migration{'s' if n != 1 else ''}:"
    )
    for step in steps:
        print(f"  {step.revision}  {step.title}")
    print(
        "What they added is deleted: their tables and columns with the data in them, "
        "which an upgrade does not bring back."
    )
    if not yes:
        print(
            'Back up the database first (README, "Backup and restore": sqlite3 .backup or '
            "pg_dump), and stop every steerbot that uses it (a starting one upgrades it again)."
        )
        print(f"Nothing was changed. To do it: steerbot db downgrade {target} --yes")
        return 1
    asyncio.run(_downgrade(settings, end or "base"))
    print(f"the database is at {f'revision {end}' if end else 'an empty schema'} now")
    return 0


async def _downgrade(settings: Settings, revision: str) -> None:
    from bot.logs import setup_logging
    from storage.db import make_engine
    from storage.migrate import downgrade

    setup_logging(settings)
    engine = make_engine(settings.effective_database_url)
    try:
        await downgrade(engine, revision)
    finally:
        await engine.dispose()


async def _db_purge(settings: Settings, *, dry_run: bool) -> int:
    from bot.app import App
    from bot.logs import setup_logging
    from storage.privacy.retention import purge

    setup_logging(settings)
    app = App(settings)
    try:  # the schema is the newest: _schema_ready saw to it
        counts = await purge(app.services, app.clock.now(), dry_run=dry_run)
    finally:
        await app.engine.dispose()
    print("dry run, nothing changed; would go:" if dry_run else "purged:")
    for what, n in counts.items():
        print(f"  {what}: {n}")
    return 0


async def _console(settings: Settings, user: str) -> int:
    from adapters.console import ConsoleAdapter
    from bot.app import App
    from bot.logs import setup_logging
    from bot.scheduling import TravelClock, console_time_travel

    setup_logging(settings, to_file=settings.data_dir / "steerbot.log")
    clock = TravelClock()
    app = App(settings, clock=clock)
    console = ConsoleAdapter(
        user=user,
        files_dir=settings.data_dir / "files",
        time_travel=console_time_travel(app, clock),
    )
    app.add_adapter(console)
    async with app:
        await console.run()
    return 0


def _no_platform_note() -> str:
    env_file = Path(".env").resolve()
    read = f"{env_file} read" if env_file.is_file() else f"no {env_file}"
    return (
        f"steerbot: no platform configured (TELEGRAM_TOKEN, MATRIX_HOMESERVER; {read}): "
        "the console, until the end of input"
    )


async def _run(settings: Settings) -> int:
    from bot.adapter import StartFailed
    from bot.app import App, configured_adapters
    from bot.logs import SecretFilter, secrets_of, setup_logging

    app = App(settings)
    adapters = configured_adapters(app)
    if not adapters:
        await app.engine.dispose()
        # Said, because a service started in another folder than its .env's lands here.
        print(_no_platform_note(), file=sys.stderr)
        return await _console(settings, "you")
    setup_logging(settings)
    for adapter in adapters:
        app.add_adapter(adapter)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    # A signal may come while a platform still waits for its server (Matrix retries the
    # login until the homeserver answers): it ends the start, too.
    starting = asyncio.ensure_future(app.start())
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
        try:
            await starting
        except asyncio.CancelledError:
            return 0
        except StartFailed as exc:
            clean = SecretFilter(secrets_of(settings)).clean(str(exc))
            print(f"steerbot: {clean}", file=sys.stderr)
            return EXIT_PLATFORM
        failing = asyncio.ensure_future(app.failed.wait())
        await asyncio.wait({stopping, failing}, return_when=asyncio.FIRST_COMPLETED)
        failing.cancel()
        if app.failure is not None and not stop.is_set():
            print(
                f"steerbot: {SecretFilter(secrets_of(settings)).clean(app.failure)}",
                file=sys.stderr,
            )
            return EXIT_PLATFORM
        return 0
    finally:
        stopping.cancel()
        await app.stop()  # the platforms that did start, and the database


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
