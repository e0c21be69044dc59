"""The Telegram adapter: python-telegram-bot embedded in our event loop, translating only.

The PTB :class:`~telegram.ext.Application` is entered with ``async with`` (never
``run_polling``, which would own the loop) and without PTB's ``Updater``: we poll ourselves
(see :mod:`adapters.telegram.polling`) so an update is confirmed only after the core handled it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from typing import TypeVar
from urllib.parse import urlparse

from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    ChatMemberOwner,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Update,
)
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder

from adapters.telegram.config import TelegramConfig
from adapters.telegram.deeplink import deep_link, start_payload
from adapters.telegram.delivery import Delivery
from adapters.telegram.keyboard import MAX_BUTTONS, build_keyboard, resolve_callback
from adapters.telegram.migration import Migrations, OnMigrate
from adapters.telegram.polling import ALLOWED_UPDATES, Poller
from adapters.telegram.ratelimit import Clock, RateLimiter, Sleep
from adapters.telegram.render import (
    caption_html,
    lines_before_last,
    render_text,
    truncate_html,
)
from adapters.telegram.translate import PLATFORM, callback_to_action, message_to_incoming
from adapters.telegram.webhook import WebhookServer
from bot.adapter import (
    CommandInfo,
    DeliveryFailed,
    FileUnavailable,
    RateLimited,
    Sink,
    StartFailed,
)
from bot.events import (
    Capabilities,
    ChatRef,
    File,
    Incoming,
    IncomingFile,
    Reply,
    SentRef,
    UserRef,
)
from bot.i18n import N_, I18n
from bot.state import KeyValueStore

log = logging.getLogger(__name__)
T = TypeVar("T")

BUTTON_EXPIRED = N_("This button is no longer valid. Please ask the bot again.")
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
RECENT_UPDATES = 1000


def _menu_name(command: CommandInfo, lang: str) -> str:
    """The command as the menu of ``lang`` lists it (``/vorschlag`` for German readers), or
    its plain name where the localised one is not allowed in a menu."""
    name = command.name_in(lang)
    return name if COMMAND_NAME_RE.match(name) else command.name


def build_application(config: TelegramConfig) -> Application:
    """The PTB application: no Updater (we poll), no job queue (the core schedules)."""
    builder = ApplicationBuilder().token(config.token).updater(None).job_queue(None)
    urls = config.api_urls()
    if urls is not None:
        builder = builder.base_url(urls[0]).base_file_url(urls[1])
    # A long poll holds the request open for poll_timeout seconds; give it room on top.
    builder = builder.get_updates_read_timeout(config.poll_timeout + 10.0)
    # The single getUpdates connection may still be closing after a cancelled long poll when
    # stop() sends its last confirming call; wait for it rather than fail.
    builder = builder.get_updates_pool_timeout(10.0)
    builder = builder.write_timeout(30.0)
    return builder.build()


def _tail_key(chat_id: str, message_id: str) -> str:
    """Where the number of lines shown before a split message's last part is kept."""
    return f"telegram:tail:{chat_id}:{message_id}"


class TelegramAdapter:
    """:class:`bot.adapter.Adapter` for Telegram."""

    name = PLATFORM
    capabilities = Capabilities(
        max_text_length=4096,
        buttons=True,
        polls=False,
        reactions=False,
        edits=True,
        images=True,
        markdown="html",
        direct_links=True,
        max_choices=MAX_BUTTONS,
    )

    def __init__(
        self,
        config: TelegramConfig,
        *,
        state: KeyValueStore,
        commands: Sequence[CommandInfo] = (),
        on_migrate: OnMigrate | None = None,
        i18n: I18n | None = None,
        limiter: RateLimiter | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        """``on_failure(reason)`` is told when receiving stopped for good while running (the
        token was revoked): the app ends then, rather than run on deaf."""
        self.config = config
        self._on_failure = on_failure
        self._state = state
        self._commands = list(commands)
        self._i18n = i18n or I18n()
        self._sleep = sleep
        self._clock = clock
        self.limiter = limiter or RateLimiter(clock=clock, sleep=sleep)
        self.delivery = Delivery(self.limiter, Migrations(state, on_migrate), sleep)
        self._sink: Sink | None = None
        self._stack: AsyncExitStack | None = None
        self._application: Application | None = None
        self._poller: Poller | None = None
        self._poll_task: asyncio.Task[None] | None = None
        self.webhook: WebhookServer | None = None
        self._recent: deque[int] = deque(maxlen=RECENT_UPDATES)
        self._username: str | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def bot(self) -> Bot:
        """The PTB bot (only after :meth:`start`)."""
        if self._application is None:
            raise RuntimeError("the Telegram adapter is not started")
        return self._application.bot

    @property
    def bot_username(self) -> str:
        """The bot's @username without the @ (known after :meth:`start`)."""
        if self._username is None:
            raise RuntimeError("the Telegram adapter is not started")
        return self._username

    def deep_link(self, payload: str) -> str:
        """``https://t.me/<bot>?start=<payload>`` (see :mod:`adapters.telegram.deeplink`)."""
        return deep_link(self.bot_username, payload)

    def _start_link(self, command: str) -> str:
        """The link that opens the direct chat with the bot and runs ``/<command>`` there."""
        return self.deep_link(start_payload(command))

    async def start(self, sink: Sink) -> None:
        """Connect (getMe), publish the commands, then poll or listen for the webhook."""
        self._sink = sink
        self._stack = AsyncExitStack()
        try:
            application = build_application(self.config)
            await self._stack.enter_async_context(application)
            self._application = application
            self._username = application.bot.username
            if self.config.webhook_url:
                await self._start_webhook()
            else:
                await self._call_plain(lambda: self.bot.delete_webhook())
                await self._publish_commands()
                self._poller = Poller(
                    self.bot,
                    self._state,
                    self.handle_update,
                    self._sleep,
                    timeout=self.config.poll_timeout,
                    max_attempts=self.config.max_handling_attempts,
                    clock=self._clock,
                )
                await self._poller.load_offset()
                self._poll_task = asyncio.create_task(self._poller.run(), name="telegram-poll")
                self._poll_task.add_done_callback(self._polling_ended)
        except BaseException as exc:
            await self._stack.aclose()
            self._application = None
            self._poller = None  # nothing was handled: nothing to confirm on stop
            if isinstance(exc, Exception) and not isinstance(exc, StartFailed):
                raise StartFailed(self._start_problem(exc)) from exc
            raise

    def _polling_ended(self, task: asyncio.Task[None]) -> None:
        """The poll loop ends only when stopped, or when Telegram refused the token: then no
        update comes any more, which is said at once (and to the app), not at the stop."""
        if task.cancelled() or task.exception() is None or task is not self._poll_task:
            return
        exc = task.exception()
        assert isinstance(exc, Exception)
        reason = f"{self._start_problem(exc)} (no updates are received any more)"
        log.error("%s", reason)
        self._poll_task = None  # reported: stop() does not report it again
        if self._on_failure is not None:
            self._on_failure(reason)

    def _start_problem(self, exc: Exception) -> str:
        """One line on why Telegram did not start, for whoever runs the bot (PTB's own
        message for a refused token quotes the token: it is not repeated)."""
        server = self.config.base_url or "api.telegram.org"
        if isinstance(exc, InvalidToken):
            return f"Telegram ({server}) refused TELEGRAM_TOKEN; check the token from @BotFather"
        if isinstance(exc, OSError) and self.config.webhook_url:
            listen = self.config.webhook_listen or "0.0.0.0:8443"
            why = exc.strerror or exc
            return f"Telegram webhook: cannot listen on {listen} (TELEGRAM_WEBHOOK_LISTEN): {why}"
        if isinstance(exc, DeliveryFailed):
            return f"Telegram ({server}) did not start: {exc.reason}"
        if isinstance(exc, TelegramError):
            return f"Telegram ({server}) cannot be reached: {exc.message}"
        return f"Telegram did not start: {type(exc).__name__}: {exc}"

    async def _start_webhook(self) -> None:
        url = self.config.webhook_url or ""
        secret = self.config.webhook_secret or secrets.token_urlsafe(32)
        self.webhook = WebhookServer(
            self.bot,
            self.config.webhook_listen or "0.0.0.0:8443",
            urlparse(url).path or "/",
            secret,
            self.handle_update,
        )
        await self.webhook.start()
        assert self._stack is not None
        self._stack.push_async_callback(self.webhook.stop)
        await self._publish_commands()
        await self._call_plain(
            lambda: self.bot.set_webhook(
                url,
                secret_token=secret,
                allowed_updates=list(ALLOWED_UPDATES),
                max_connections=1,  # one at a time keeps updates in order
            )
        )

    async def stop(self) -> None:
        """Stop receiving, confirm what was handled, and close the HTTP clients.

        An update the core is handling right now may finish within ``stop_grace`` seconds;
        after that it is abandoned unconfirmed and comes again on the next start."""
        if self._poll_task is not None:
            task, self._poll_task = self._poll_task, None
            if self._poller is not None:
                self._poller.stopping = True
                if self._poller.busy and self.config.stop_grace > 0:
                    await asyncio.wait({task}, timeout=self.config.stop_grace)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("the Telegram polling task had failed")
        if self._poller is not None:
            await self._poller.confirm()
            self._poller = None
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None
        self._application = None
        self.webhook = None

    async def _call_plain(self, fn: Callable[[], Awaitable[T]]) -> T:
        """A call that is not a message to a chat: retried, but not rate limited."""
        _, result = await self.delivery.call("", lambda _chat: fn(), limited=False)
        return result

    async def _publish_commands(self) -> None:
        commands = [c for c in self._commands if COMMAND_NAME_RE.match(c.name)]
        if not commands:
            await self._call_plain(lambda: self.bot.delete_my_commands())
            return
        for lang in (None, "de", "en"):
            desc_lang = lang or self.config.default_language
            bot_commands = [
                BotCommand(_menu_name(c, desc_lang), (c.description(desc_lang) or c.name)[:256])
                for c in commands
            ]
            await self._call_plain(
                functools.partial(self.bot.set_my_commands, bot_commands, language_code=lang)
            )

    # -- incoming ----------------------------------------------------------------------------

    async def handle_update(self, update: Update) -> None:
        """Translate one update and await the sink. Raises when the sink raised, so the update
        is not confirmed and comes again. Shared by polling and the webhook."""
        if update.update_id in self._recent:
            return  # a webhook redelivery of something already handled
        if update.message is not None:
            message = update.message
            if message.migrate_to_chat_id:
                await self.delivery.migrations.moved(
                    str(message.chat.id), str(message.migrate_to_chat_id)
                )
            else:
                incoming = message_to_incoming(update.update_id, message, self.bot_username)
                if incoming is not None:
                    await self._deliver(incoming)
        elif update.callback_query is not None:
            await self._handle_callback(update)
        self._recent.append(update.update_id)

    async def _deliver(self, incoming: Incoming) -> None:
        if self._sink is None:
            raise RuntimeError("no sink")
        await self._sink(incoming)

    async def _handle_callback(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        action = await resolve_callback(query.data, self._state)
        incoming = callback_to_action(update.update_id, query, action) if action else None
        text = None
        if incoming is None:
            lang = (query.from_user.language_code or "de")[:2]
            text = self._i18n(lang if lang in ("de", "en") else "de").t(BUTTON_EXPIRED)
        try:
            # Answer first: the user's client shows a spinner until we do.
            await query.answer(text=text)
        except TelegramError as exc:
            # Too old to answer (e.g. a redelivery after a restart): the press still counts.
            log.info("could not answer callback query: %s", exc)
        if incoming is not None:
            await self._deliver(incoming)

    # -- outgoing ----------------------------------------------------------------------------

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        """Send ``reply``: text split over 4096 characters, choices on the last part, then the
        attachments. Returns the message that carries the choices (or the last one)."""
        parts = render_text(reply.text, reply.mention)
        if not parts and not reply.attachments:
            raise ValueError("an empty reply cannot be sent")
        markup = await build_keyboard(reply.choices, self._state, self._start_link)
        chat_id = chat.chat_id
        thread = int(chat.thread_id) if chat.thread_id else None
        ref_id: str | None = None
        for i, part in enumerate(parts):
            keyboard = markup if i == len(parts) - 1 else None
            chat_id, msg = await self._send_text(chat_id, part, keyboard, thread)
            ref_id = str(msg.message_id)
        for j, file in enumerate(reply.attachments):
            keyboard = markup if not parts and j == len(reply.attachments) - 1 else None
            chat_id, msg = await self._send_file(chat_id, file, keyboard, thread)
            if ref_id is None or keyboard is not None:
                ref_id = str(msg.message_id)
        assert ref_id is not None
        shown_before = lines_before_last(reply.text) if len(parts) > 1 else 0
        if shown_before and not reply.attachments:
            # An edit of this message (a round's count) may only replace its own part: the
            # lines before it stay in the messages sent before it.
            await self._state.set(_tail_key(chat_id, ref_id), str(shown_before))
        return SentRef(ChatRef(PLATFORM, chat_id, chat.is_direct, chat.thread_id), ref_id)

    async def _send_text(
        self, chat_id: str, text: str, keyboard: InlineKeyboardMarkup | None, thread: int | None
    ) -> tuple[str, TgMessage]:
        async def send(cid: str) -> TgMessage:
            return await self.bot.send_message(
                cid,
                text,
                message_thread_id=thread,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )

        return await self.delivery.call(chat_id, send)

    async def _send_file(
        self, chat_id: str, file: File, keyboard: InlineKeyboardMarkup | None, thread: int | None
    ) -> tuple[str, TgMessage]:
        caption = caption_html(file.caption) if file.caption else None
        as_photo = file.mime_type in PHOTO_TYPES and len(file.data) <= MAX_PHOTO_BYTES
        if as_photo:
            return await self.delivery.call(
                chat_id,
                lambda cid: self.bot.send_photo(
                    cid,
                    InputFile(file.data, filename=file.name),
                    caption=caption,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                    message_thread_id=thread,
                ),
            )
        return await self.delivery.call(
            chat_id,
            lambda cid: self.bot.send_document(
                cid,
                InputFile(file.data, filename=file.name),
                caption=caption,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
                message_thread_id=thread,
            ),
        )

    async def edit(self, ref: SentRef, reply: Reply) -> None:
        """Replace the text and keyboard of a sent message (cut to 4096: edits cannot split).
        The last message of a text that was split gets the new text from the line it began
        with, as the messages before it still show the lines before."""
        markup = await build_keyboard(reply.choices, self._state, self._start_link)
        message_id = int(ref.message_id)
        text, mention = reply.text, reply.mention
        shown_before = await self._state.get(_tail_key(ref.chat.chat_id, ref.message_id))
        if text and shown_before:
            # The message is the last part of a long text: it gets the new text's lines from
            # where it started, not the new text's beginning cut to one message (which would
            # show the earlier part twice and drop the rest).
            lines = text.split("\n")
            skip = int(shown_before)
            text, mention = ("\n".join(lines[skip:]), ()) if skip < len(lines) else (text, mention)

        async def edit_text(cid: str) -> None:
            try:
                if text:
                    await self.bot.edit_message_text(
                        truncate_html(text, mention),
                        chat_id=cid,
                        message_id=message_id,
                        parse_mode=ParseMode.HTML,
                        reply_markup=markup,
                        link_preview_options=LinkPreviewOptions(is_disabled=True),
                    )
                else:
                    await self.bot.edit_message_reply_markup(
                        chat_id=cid, message_id=message_id, reply_markup=markup
                    )
            except BadRequest as exc:
                if "not modified" not in exc.message.lower():
                    raise

        await self.delivery.call(ref.chat.chat_id, edit_text)

    async def drop_choices(self, ref: SentRef) -> None:
        """``editMessageReplyMarkup`` without a keyboard. A message Telegram no longer lets
        edit (deleted, or older than 48 hours in some chats) keeps its buttons."""

        async def drop(cid: str) -> None:
            await self.bot.edit_message_reply_markup(
                chat_id=cid, message_id=int(ref.message_id), reply_markup=None
            )

        try:
            await self.delivery.call(ref.chat.chat_id, drop)
        except (DeliveryFailed, RateLimited) as exc:
            log.info("buttons of message %s stay: %s", ref.message_id, exc)

    async def can_remove(self, chat: ChatRef) -> bool | None:
        """``getChatMember`` of the bot itself: in a group only an administrator with the right
        to delete messages may (a private chat needs no right)."""
        if chat.is_direct:
            return True
        try:
            _, member = await self.delivery.call(
                chat.chat_id,
                lambda cid: self.bot.get_chat_member(cid, self.bot.id),
                limited=False,
            )
        except (DeliveryFailed, RateLimited) as exc:
            log.info("could not ask for the bot's rights in %s: %s", chat.chat_id, exc)
            return None
        if isinstance(member, ChatMemberOwner):
            return True
        return isinstance(member, ChatMemberAdministrator) and member.can_delete_messages

    async def remove(self, chat: ChatRef, message_id: str) -> bool:
        """``deleteMessage``: in a group the bot needs to be an administrator with the right to
        delete messages; Telegram answers 400 otherwise."""
        try:
            await self.delivery.call(
                chat.chat_id,
                lambda cid: self.bot.delete_message(cid, int(message_id)),
                limited=False,
            )
        except (DeliveryFailed, RateLimited) as exc:
            log.info("could not delete message %s in %s: %s", message_id, chat.chat_id, exc)
            return False
        return True

    async def fetch(self, file: IncomingFile, limit: int) -> bytes:
        """``getFile``, then the download from the file URL it names (a bot may download up to
        20 MB; the core's limit is lower, and Telegram told the size beforehand)."""
        if file.size is not None and file.size > limit:
            raise FileUnavailable("too large", too_large=True)
        try:
            found = await self._call_plain(lambda: self.bot.get_file(file.ref))
            if found.file_size is not None and found.file_size > limit:
                raise FileUnavailable("too large", too_large=True)
            data = bytes(await found.download_as_bytearray())
        except (DeliveryFailed, RateLimited, TelegramError) as exc:
            raise FileUnavailable(str(exc)) from exc
        if len(data) > limit:
            raise FileUnavailable("too large", too_large=True)
        return data

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        """A Telegram user's private chat has the user's id (it works once they started us)."""
        if user.platform != PLATFORM:
            return None
        return ChatRef(PLATFORM, user.user_id, is_direct=True)
