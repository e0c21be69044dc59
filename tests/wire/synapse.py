"""A real Synapse homeserver for wire tests, started in a temporary directory.

Only a client HTTP listener on 127.0.0.1 (no federation), SQLite, every rate limit raised, and
users registered through the shared-secret admin API (``/_synapse/admin/v1/register``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

SERVER_NAME = "localhost"
READY_TIMEOUT = 60.0

# Every limit Synapse knows, raised so that tests never see M_LIMIT_EXCEEDED by accident.
_HIGH = {"per_second": 100000, "burst_count": 100000}
_RATE_LIMITS: dict[str, object] = {
    "rc_message": _HIGH,
    "rc_registration": _HIGH,
    "rc_registration_token_validity": _HIGH,
    "rc_login": {"address": _HIGH, "account": _HIGH, "failed_attempts": _HIGH},
    "rc_admin_redaction": _HIGH,
    "rc_joins": {"local": _HIGH, "remote": _HIGH},
    "rc_joins_per_room": _HIGH,
    "rc_key_requests": _HIGH,
    "rc_3pid_validation": _HIGH,
    "rc_invites": {"per_room": _HIGH, "per_user": _HIGH, "per_issuer": _HIGH},
    "rc_third_party_invite": _HIGH,
    "rc_media_create": _HIGH,
    "rc_presence": {"per_user": _HIGH},
    "rc_delayed_event_mgmt": _HIGH,
    "rc_room_creation": _HIGH,
    "rc_reports": _HIGH,
    "rc_user_directory": _HIGH,
    "rc_profile": _HIGH,
    "rc_federation": {
        "window_size": 1000,
        "sleep_limit": 10000,
        "sleep_delay": 1,
        "reject_limit": 10000,
        "concurrent": 1000,
    },
}


class SynapseUnavailable(RuntimeError):
    """matrix-synapse is not installed or the homeserver did not come up."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def homeserver_config(base: Path, port: int, shared_secret: str) -> dict[str, object]:
    """The homeserver.yaml content (JSON is valid YAML) for a throwaway test server."""
    return {
        "server_name": SERVER_NAME,
        "pid_file": str(base / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(base / "homeserver.db")}},
        "log_config": str(base / "log.yaml"),
        "media_store_path": str(base / "media_store"),
        "signing_key_path": str(base / "signing.key"),
        "registration_shared_secret": shared_secret,
        "macaroon_secret_key": secrets.token_hex(16),
        "form_secret": secrets.token_hex(16),
        "report_stats": False,
        "enable_registration": False,
        "bcrypt_rounds": 4,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        **_RATE_LIMITS,
    }


def _log_config(base: Path) -> dict[str, object]:
    """Warnings only, into a file, so a failing start can be explained."""
    return {
        "version": 1,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "filename": str(base / "homeserver.log"),
                "formatter": "plain",
            }
        },
        "root": {"level": "WARNING", "handlers": ["file"]},
        "disable_existing_loggers": False,
    }


@dataclass
class Synapse:
    """A running homeserver: its base URL and a helper to register users."""

    base: Path
    port: int
    shared_secret: str
    process: subprocess.Popen[bytes] | None = None
    _counter: int = field(default=0)
    _admin_token: str | None = field(default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def server_name(self) -> str:
        return SERVER_NAME

    def _command(self, *extra: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "synapse.app.homeserver",
            "--config-path",
            str(self.base / "homeserver.yaml"),
            *extra,
        ]

    def write_config(self) -> None:
        """Write homeserver.yaml and the log config, and generate the signing key once."""
        (self.base / "media_store").mkdir(parents=True, exist_ok=True)
        (self.base / "log.yaml").write_text(json.dumps(_log_config(self.base)))
        config = homeserver_config(self.base, self.port, self.shared_secret)
        (self.base / "homeserver.yaml").write_text(json.dumps(config, indent=1))
        if not (self.base / "signing.key").exists():
            done = subprocess.run(
                self._command("--generate-keys"), capture_output=True, cwd=self.base, check=False
            )
            if done.returncode != 0:
                raise SynapseUnavailable(
                    "synapse --generate-keys failed:\n" + done.stderr.decode(errors="replace")
                )

    def start_process(self) -> None:
        """Start the homeserver process (returns at once; see :meth:`wait_ready`)."""
        self.process = subprocess.Popen(
            self._command(),
            cwd=self.base,
            stdout=(self.base / "stdout.log").open("wb"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "SYNAPSE_CACHE_FACTOR": "0.5"},
        )

    async def wait_ready(self, within: float = READY_TIMEOUT) -> None:
        """Poll ``/_matrix/client/versions`` until it answers or the process died."""
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise SynapseUnavailable("Synapse exited on start:\n" + self.logs())
                with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
                    async with http.get(
                        f"{self.url}/_matrix/client/versions",
                        timeout=aiohttp.ClientTimeout(total=1),
                    ) as resp:
                        if resp.status == 200:
                            return
                await asyncio.sleep(0.05)
        raise SynapseUnavailable(f"Synapse did not answer within {within:.0f}s:\n" + self.logs())

    def logs(self) -> str:
        """The tail of the homeserver's output and log file, for error messages."""
        parts = []
        for name in ("stdout.log", "homeserver.log"):
            path = self.base / name
            if path.exists():
                parts.append(path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)

    def stop(self) -> None:
        """Terminate the homeserver and wait for it."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    async def register(self, localpart: str, admin: bool = False) -> tuple[str, str]:
        """Register ``localpart`` (password = localpart) and return (user id, access token)."""
        data = await self.register_full(localpart, admin=admin)
        return data["user_id"], data["access_token"]

    async def register_full(
        self, localpart: str, admin: bool = False, password: str | None = None
    ) -> dict[str, str]:
        """Register a user through the shared-secret admin API; the whole answer."""
        password = password or f"pw-{localpart}"
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        async with aiohttp.ClientSession() as http:
            async with http.get(endpoint) as resp:
                nonce = (await resp.json())["nonce"]
            mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
            mac.update(nonce.encode())
            mac.update(b"\x00")
            mac.update(localpart.encode())
            mac.update(b"\x00")
            mac.update(password.encode())
            mac.update(b"\x00")
            mac.update(b"admin" if admin else b"notadmin")
            body = {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            }
            async with http.post(endpoint, json=body) as resp:
                answer = await resp.json()
                if resp.status != 200:
                    raise SynapseUnavailable(f"registering {localpart} failed: {answer}")
                return dict(answer)

    async def admin_token(self) -> str:
        """The access token of a server admin (registered on first use)."""
        if self._admin_token is None:
            _, self._admin_token = await self.register(self.unique("admin"), admin=True)
        return self._admin_token

    async def override_ratelimit(
        self, user_id: str, messages_per_second: int, burst_count: int
    ) -> None:
        """Give ``user_id`` its own message rate limit (admin API)."""
        token = await self.admin_token()
        url = f"{self.url}/_synapse/admin/v1/users/{user_id}/override_ratelimit"
        body = {"messages_per_second": messages_per_second, "burst_count": burst_count}
        async with (
            aiohttp.ClientSession() as http,
            http.post(url, json=body, headers={"Authorization": f"Bearer {token}"}) as resp,
        ):
            if resp.status != 200:
                raise SynapseUnavailable(f"override_ratelimit failed: {await resp.text()}")

    async def start_and_wait(self) -> None:
        """Start a stopped homeserver again (same port, same database) and wait for it."""
        self.start_process()
        await self.wait_ready()

    def unique(self, prefix: str) -> str:
        """A localpart that no other test used yet."""
        self._counter += 1
        return f"{prefix}{self._counter}"


def synapse_importable() -> bool:
    """Whether the ``synapse`` package can be imported by this interpreter."""
    import importlib.util

    return importlib.util.find_spec("synapse") is not None


def start_synapse(base: Path) -> Synapse:
    """Write the config, generate keys, start the process and wait until it answers."""
    if not synapse_importable():
        raise SynapseUnavailable(
            "matrix-synapse is not installed in this interpreter "
            f"({sys.executable}); install it with: pip install 'steerbot[test]'"
        )
    server = Synapse(base=base, port=free_port(), shared_secret=secrets.token_hex(16))
    server.write_config()
    server.start_process()
    # A private loop, so the loops pytest-asyncio manages for the tests are left untouched.
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(server.wait_ready())
    except BaseException:
        server.stop()
        raise
    finally:
        loop.close()
    return server
