"""One bot process for the two-process test: an App on the shared database whose adapter
appends every delivered ``Reply.key`` to a file, sweeping the outbox when told to go.

Run: python -m tests.contract.reminder_worker <database url> <out file> <now, ISO> <name>
It prints "ready" once started, waits for a line on stdin, sweeps, prints "done <n>".
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.clock import FakeClock
from bot.events import ChatRef, Reply, SentRef
from storage.db import make_engine
from tests.harness import settings_for


class FileRecordingAdapter(MemoryAdapter):
    """Records each send as a line ``key<TAB>worker<TAB>chat`` (appends are atomic)."""

    def __init__(self, path: Path, worker: str) -> None:
        super().__init__("memory")
        self.path = path
        self.worker = worker

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(f"{reply.key}\t{self.worker}\t{chat.chat_id}\n")
        return await super().send(chat, reply)


async def main(url: str, out: str, now: str, name: str) -> None:
    engine = make_engine(url)
    with tempfile.TemporaryDirectory() as tmp:
        app = App(
            settings_for(Path(tmp), DATABASE_URL=url),
            clock=FakeClock(datetime.fromisoformat(now)),
            engine=engine,
            run_scheduler=False,
        )
        app.reminders.batch = 3  # small batches: the two processes interleave
        app.add_adapter(FileRecordingAdapter(Path(out), name))
        await app.start(upgrade_db=False)
        try:
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            report = await app.reminders.sweep()
            print(f"done {report.messages}", flush=True)
        finally:
            await app.stop()
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
