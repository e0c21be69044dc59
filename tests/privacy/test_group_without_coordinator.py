"""The only coordinator forgotten and no adult member to take it on: the group chat is told
that whoever runs the bot can make a member coordinator, and ``steerbot groups coordinator``
does it (before: no way back, since only a coordinator makes a coordinator)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.clock import FakeClock
from bot.config import Settings
from commands.groups_cli import make_coordinator
from storage.models import Identity, Reminder
from tests.harness import Bot, make_app, settings_for
from tests.privacy.test_forget import code_in


@contextlib.asynccontextmanager
async def _on_a_file(
    tmp_path: Path, clock: FakeClock
) -> AsyncIterator[tuple[Settings, App, MemoryAdapter, Bot]]:
    """The bot on a SQLite file that ``steerbot groups coordinator`` opens too."""
    settings = settings_for(tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/bot.db")
    app = make_app(settings, clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        yield settings, app, adapter, Bot(app, adapter, clock)


async def test_the_operator_gives_a_group_without_coordinator_one(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with _on_a_file(tmp_path, clock) as (settings, app, adapter, bot):
        await bot.group_with(lea="youth", gus="observer")
        asked = await bot.ask("anna", "/vergessen", chat="dm")
        sent = await bot.say("anna", f"/vergessen {code_in(asked)}", chat="dm")
        assert [s.reply.text for s in sent if s.chat.chat_id == "group"] == [
            "Musterstadt hat keine Koordination mehr: Die einzige ist ausgetreten und wurde "
            "vergessen, und kein erwachsenes Mitglied ist da, das sie übernehmen könnte. Wer "
            "diesen Bot betreibt, kann ein Mitglied zur Koordination machen: steerbot groups "
            "coordinator 1 <Name>"
        ]
        assert await make_coordinator(settings, 1, "nobody") == (
            1,
            "no member is called 'nobody' in Musterstadt: write the whole name or user id",
        )
        async with app.sessions() as s:
            gus = await s.scalar(select(Identity.person_id).where(Identity.user_id == "gus"))
        adapter.pop()
        assert await make_coordinator(settings, 1, "Gus", clock.now()) == (
            0,
            "Gus coordinates Musterstadt now; the running bot tells them in their direct chat, "
            "and the group chat",
        )
        # His group's reminders are planned anew at once: the Monday overview is his now.
        async with app.sessions() as s:
            digests = await s.scalars(
                select(Reminder.person_id).where(
                    Reminder.kind == "digest", Reminder.sent_at.is_(None)
                )
            )
            assert set(digests) == {gus}
        # The running bot tells him at its next sweep, in his direct chat, and the group in
        # its chat who coordinates now.
        await app.reminders.sweep(clock.now())
        assert [(s.chat.chat_id, s.reply.text) for s in adapter.pop()] == [
            (
                "dm:gus",
                "In der Steuerungsgruppe Musterstadt sind Sie jetzt Koordination. /hilfe zeigt, "
                "was Sie tun können.\nAb jetzt bekommen Sie montags die Wochenübersicht und die "
                "Hinweise auf überfällige Maßnahmen; was gerade ansteht, zeigt /uebersicht.",
            ),
            (
                "group",
                "Wer diesen Bot betreibt, hat Gus für Musterstadt zur Koordination gemacht.",
            ),
        ]
        # Once: a further sweep sends nothing.
        await app.reminders.sweep(clock.now())
        assert adapter.pop() == []
        assert "Einladungscode" in await bot.ask("gus", "/einladen mitglied")
        assert (await bot.ask("gus", "/verlauf")).endswith(
            "· Betreiber des Bots · Rolle von Gus: Gast → Koordination"
        )


async def test_the_operator_s_new_coordinator_hears_it_when_their_quiet_hours_end(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with _on_a_file(tmp_path, clock) as (settings, app, adapter, bot):
        await bot.group_with(gus="observer")
        asked = await bot.ask("anna", "/vergessen", chat="dm")
        await bot.say("anna", f"/vergessen {code_in(asked)}", chat="dm")
        clock.advance(timedelta(hours=13))  # 23:00 in Musterstadt
        assert (await make_coordinator(settings, 1, "Gus", clock.now()))[0] == 0
        await app.reminders.sweep(clock.now())
        assert adapter.pop() == []
        clock.advance(timedelta(hours=8))  # 07:00: the quiet hours are over
        await app.reminders.sweep(clock.now())
        assert [s.chat.chat_id for s in adapter.pop()] == ["dm:gus", "group"]


async def test_a_guest_the_operator_makes_coordinator_counts_in_the_open_rounds(
    tmp_path: Path, clock: FakeClock
) -> None:
    """As /rolle gast → koordination does: the running bot shows the round's announcement with
    one more who may vote, at its next tick, once."""
    async with _on_a_file(tmp_path, clock) as (settings, app, adapter, bot):
        await bot.group_with(gus="observer")
        await bot.ask("anna", "/vorschlag Bank")
        await bot.ask("anna", "/vorschlag Tisch")
        await bot.ask("anna", "/runde zustimmung 1 2")
        await bot.ask("anna", "/abstimmen 1 1")
        assert adapter.edits[-1][1].text.splitlines()[-1] == "1 von 1 hat abgestimmt."
        adapter.edits.clear()
        assert (await make_coordinator(settings, 1, "Gus", clock.now()))[0] == 0
        await app.reminders.tick(clock.now())
        assert [e[1].text.splitlines()[-1] for e in adapter.edits] == ["1 von 2 hat abgestimmt."]
        assert (await bot.ask("gus", "/werhatgewaehlt 1")).startswith("Runde 1: 1 von 2")
        adapter.edits.clear()
        await app.reminders.tick(clock.now() + timedelta(minutes=1))
        assert adapter.edits == []


async def test_the_operator_s_coordinator_gets_one_notice_after_a_role_change_at_night(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Made a guest at 23:00 (the notice held for the morning, with the measure it took from
    him), then coordinator by the operator: at 07:00 one notice, the last role with what the
    change before took, as /rolle twice gives (before: the guest's notice and this one)."""
    async with _on_a_file(tmp_path, clock) as (settings, app, adapter, bot):
        await bot.group_with(ben="member")
        await bot.ask("anna", "/vorschlag Bank")
        assert "Ben" in await bot.ask("anna", "/zuweisen 1 Ben")
        clock.advance(timedelta(hours=13))  # 23:00 in Musterstadt
        await bot.ask("anna", "/rolle ben gast")
        assert (await make_coordinator(settings, 1, "Ben", clock.now()))[0] == 0
        adapter.pop()
        clock.advance(timedelta(hours=8))  # 07:00: the quiet hours are over
        await app.reminders.sweep(clock.now())
        assert [s.reply.text for s in adapter.pop() if s.chat.chat_id == "dm:ben"] == [
            "In der Steuerungsgruppe Musterstadt sind Sie jetzt Koordination. /hilfe zeigt, "
            "was Sie tun können.\nAb jetzt bekommen Sie montags die Wochenübersicht und die "
            "Hinweise auf überfällige Maßnahmen; was gerade ansteht, zeigt /uebersicht.\n"
            "In Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 „Bank“."
        ]


async def test_a_minor_the_operator_makes_coordinator_is_not_named_in_the_group_chat(
    tmp_path: Path, clock: FakeClock
) -> None:
    """The group chat reads who coordinates now by the pseudonym when the group sees her so."""
    async with _on_a_file(tmp_path, clock) as (settings, app, adapter, bot):
        await bot.group_with(lea="youth")
        await bot.press("lea", "age:under16", chat="dm")
        assert (await make_coordinator(settings, 1, "Lea", clock.now()))[0] == 0
        adapter.pop()
        await app.reminders.sweep(clock.now())
        said = [s.reply.text for s in adapter.pop() if s.chat.chat_id == "group"]
        assert said == [
            "Wer diesen Bot betreibt, hat Jugendvertretung für Musterstadt zur Koordination "
            "gemacht."
        ]
