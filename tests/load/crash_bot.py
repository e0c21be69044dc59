"""One bot process for the kill -9 test: an App on a database file or server whose adapter
records every delivery, fed a list of messages while its reminder engine sweeps.

Run: python -m tests.load.crash_bot <database url> <deliveries file> <messages file> <now, ISO>
The messages file holds JSON lines ``[user, text, event_id]``. Every message is handed to the
dispatcher in order (a restarted process is fed all of them again, as a platform redelivers
what was not confirmed: events handled before are skipped by the dispatcher) while one sweep
sends the due nudges in small batches. Each delivery is appended to the deliveries file as a
JSON line ``{"key", "reply_to", "text"}`` *after* the adapter accepted it — what is in the file
was delivered — and announced on stdout as ``sent``, so the parent can kill the process at a
chosen point without sleeping. ``done`` on stdout: everything handled.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.clock import FakeClock
from bot.events import ChatRef, Message, Reply, SentRef, UserRef
from storage.db import make_engine
from tests.harness import settings_for


class FileRecordingAdapter(MemoryAdapter):
    """Appends each delivered reply to a file (one ``write`` per line) and says so on stdout."""

    def __init__(self, path: Path) -> None:
        super().__init__("memory")
        self.path = path

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        sent = await super().send(chat, reply)
        line = json.dumps(
            {"key": reply.key, "reply_to": reply.in_reply_to, "text": reply.text[:80]}
        )
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        print("sent", flush=True)
        self.pop()  # keep memory flat: the file is the record
        return sent


async def main(url: str, out: str, said: list[list[str]], now: str) -> None:
    engine = make_engine(url)
    clock = FakeClock(datetime.fromisoformat(now))
    with tempfile.TemporaryDirectory() as tmp:
        app = App(
            settings_for(Path(tmp), DATABASE_URL=url),
            clock=clock,
            engine=engine,
            run_scheduler=False,
        )
        app.reminders.batch = 5
        app.add_adapter(FileRecordingAdapter(Path(out)))
        await app.start(upgrade_db=False)

        async def feed() -> None:
            for user, text, event_id in said:
                message = Message(
                    ChatRef("memory", "group"),
                    UserRef("memory", user, user),
                    text,
                    event_id,
                    sent_at=clock.now(),
                )
                await app.dispatcher.handle(message)

        try:
            await asyncio.gather(feed(), app.reminders.sweep())
            print("done", flush=True)
        finally:
            await app.stop()
            await engine.dispose()


if __name__ == "__main__":
    url, out, messages_file, now = sys.argv[1:5]
    lines = Path(messages_file).read_text(encoding="utf-8").splitlines()
    asyncio.run(main(url, out, [json.loads(line) for line in lines], now))
