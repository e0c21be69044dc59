"""Receiving updates by webhook: a small aiohttp server that checks Telegram's secret token.

Telegram sends ``X-Telegram-Bot-Api-Secret-Token`` with every webhook call when ``setWebhook``
was given a ``secret_token``; any request without the right value is refused with 403. A valid
update goes through the same handling path as polling; when handling fails the server answers
500 so Telegram delivers the update again (the adapter and the core dedupe by update id).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import Bot, Update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def parse_listen(listen: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8443`` for IPv6) → (host, port)."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdecimal():
        raise ValueError(f"webhook_listen must be host:port, not {listen!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


class WebhookServer:
    """Listens on ``listen`` at ``path`` and feeds verified updates to ``handle``."""

    def __init__(
        self,
        bot: Bot,
        listen: str,
        path: str,
        secret: str,
        handle: Callable[[Update], Awaitable[None]],
    ) -> None:
        self._bot = bot
        self._host, self._port = parse_listen(listen)
        self.path = path or "/"
        self._secret = secret
        self._handle = handle
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self) -> None:
        """Start listening; :attr:`port` is the bound port (useful with port 0)."""
        app = web.Application()
        app.router.add_post(self.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server  # aiohttp offers no public accessor for the bound socket
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self._port

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("refused a webhook call without the right secret token")
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, self._bot)
        except Exception:
            log.warning("refused a webhook call that is not an update")
            return web.Response(status=400, text="bad update")
        if update is None:
            return web.Response(status=400, text="bad update")
        try:
            await self._handle(update)
        except Exception:
            log.exception("handling webhook update %s failed", update.update_id)
            return web.Response(status=500, text="try again")
        return web.Response(text="ok")
