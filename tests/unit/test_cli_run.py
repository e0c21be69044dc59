"""``steerbot run`` as an operator meets it: a platform that cannot start ends the program
with one line naming the setting to check (exit code 1), never a traceback or a secret."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.wire.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
OURS = ("STEERBOT_", "DATABASE_URL", "TELEGRAM_", "MATRIX_")


async def start_cli(args: list[str], env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """``steerbot ARGS`` in a child process (the test's event loop keeps serving fakes)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    full_env.update(env, PYTHONPATH=str(ROOT))
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=full_env,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Exit code and stderr of ``steerbot ARGS`` run to its end."""
    proc = await start_cli(args, env, cwd)
    _out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, err.decode()


def problem_of(stderr: str) -> str:
    """The last line, after the log lines of the start; there must be no traceback."""
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()[-1]


async def test_a_token_telegram_refuses_is_one_line_without_the_token(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = {
            "STEERBOT_DATA_DIR": str(tmp_path / "data"),
            "TELEGRAM_TOKEN": "987654:AAH-not-this-bots-token",
            "TELEGRAM_BASE_URL": tg.base_url,
        }
        code, err = await run_cli(["run"], env, tmp_path)
    assert code == 1
    assert problem_of(err) == (
        f"steerbot: Telegram ({tg.base_url}) refused TELEGRAM_TOKEN; "
        "check the token from @BotFather"
    )
    assert "not-this-bots-token" not in err


async def test_telegram_out_of_reach_is_one_line(tmp_path: Path) -> None:
    env = {
        "STEERBOT_DATA_DIR": str(tmp_path / "data"),
        "TELEGRAM_TOKEN": "123456:AAH-secret-token",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:1",
    }
    code, err = await run_cli(["run"], env, tmp_path)
    assert code == 1
    assert problem_of(err).startswith(
        "steerbot: Telegram (http://127.0.0.1:1) cannot be reached: httpx.ConnectError"
    )
    assert "secret-token" not in err


async def test_matrix_without_password_or_token_names_both(tmp_path: Path) -> None:
    env = {
        "STEERBOT_DATA_DIR": str(tmp_path / "data"),
        "MATRIX_HOMESERVER": "http://127.0.0.1:1",
        "MATRIX_USER_ID": "@steerbot:stadt.example",
    }
    code, err = await run_cli(["run"], env, tmp_path)
    assert code == 1
    assert problem_of(err) == (
        "steerbot: Matrix: set MATRIX_PASSWORD or MATRIX_ACCESS_TOKEN "
        "(no session is stored in STEERBOT_DATA_DIR yet)"
    )


async def test_sigterm_while_matrix_waits_for_its_homeserver_stops_cleanly(
    tmp_path: Path,
) -> None:
    """The login is retried until the homeserver answers; a SIGTERM (systemctl stop) or
    Ctrl-C in that time used to be ignored, and only SIGKILL ended the process."""
    env = {
        "STEERBOT_DATA_DIR": str(tmp_path / "data"),
        "MATRIX_HOMESERVER": "http://127.0.0.1:1",
        "MATRIX_USER_ID": "@steerbot:stadt.example",
        "MATRIX_PASSWORD": "Matrix-secret-pw",
    }
    for sig in (signal.SIGTERM, signal.SIGINT):
        proc = await start_cli(["run"], env, tmp_path)
        assert proc.stderr is not None
        seen = b""
        try:
            while b"homeserver unreachable" not in seen:
                line = await asyncio.wait_for(proc.stderr.readline(), 60)
                assert line, seen.decode()
                seen += line
            proc.send_signal(sig)
            code = await asyncio.wait_for(proc.wait(), 20)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        rest = await proc.stderr.read()
        assert code == 0, (seen + rest).decode()
        assert "Traceback" not in rest.decode() and "Unclosed" not in rest.decode()


async def test_a_token_revoked_while_running_ends_the_run_with_one_line(tmp_path: Path) -> None:
    """Polling used to stop without a word, and the bot ran on deaf until someone noticed."""
    async with FakeTelegram() as tg:
        env = {
            "STEERBOT_DATA_DIR": str(tmp_path / "data"),
            "TELEGRAM_TOKEN": tg.token,
            "TELEGRAM_BASE_URL": tg.base_url,
        }
        proc = await start_cli(["run"], env, tmp_path)
        try:
            await tg.wait_for("getUpdates", ok_only=False, within=60)
            tg.revoke_token()
            code = await asyncio.wait_for(proc.wait(), 30)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.stderr is not None
    err = (await proc.stderr.read()).decode()
    assert code == 1
    assert problem_of(err) == (
        f"steerbot: Telegram ({tg.base_url}) refused TELEGRAM_TOKEN; check the token from "
        "@BotFather (no updates are received any more)"
    )
    assert "TEST-token" not in err


async def test_a_second_run_on_the_same_data_directory_stops_with_one_line(
    tmp_path: Path,
) -> None:
    """Two bots on one SQLite file and one token took turns at the updates and sent every
    reminder twice; the lock goes with the process, even one killed with SIGKILL."""
    data = tmp_path / "data"
    async with FakeTelegram() as tg:
        env = {
            "STEERBOT_DATA_DIR": str(data),
            "TELEGRAM_TOKEN": tg.token,
            "TELEGRAM_BASE_URL": tg.base_url,
        }
        first = await start_cli(["run"], env, tmp_path)
        try:
            await tg.wait_for("getUpdates", ok_only=False, within=60)
            for command in (["run"], ["console"]):
                code, err = await run_cli(command, env, tmp_path)
                assert code == 1, err
                assert err == (
                    "steerbot: another steerbot is already running with data directory "
                    f"{data.resolve()}\n"
                )
            first.kill()  # SIGKILL: nothing of its own is cleaned up
            await first.wait()
            polls = len(tg.calls("getUpdates", ok_only=False))
            third = await start_cli(["run"], env, tmp_path)
            try:
                await tg.wait_for("getUpdates", polls + 1, ok_only=False, within=60)
            finally:
                third.send_signal(signal.SIGTERM)
                code = await asyncio.wait_for(third.wait(), 30)
            assert code == 0
        finally:
            if first.returncode is None:
                first.kill()
                await first.wait()
