"""Migration 0020 on SQLite and PostgreSQL: the history entries written before 0019 learn whom
their values name where the name tells (exactly one person of the group goes by it); the
others keep the match by name."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from storage.migrate import current_revision, downgrade, head_revision, upgrade
from storage.models import Identity, Measure, MeasureEvent, Membership, Person
from storage.repo import groups as group_repo
from tests.harness import Bot


async def _written_before_0019(bot: Bot) -> None:
    """The database as migration 0019 left it: back at 0019, and no entry of the history
    knows whom it names (as none written before 0019 does)."""
    await downgrade(bot.app.engine, "0019")
    assert await current_revision(bot.app.engine) == "0019"
    async with bot.app.sessions() as s, s.begin():
        await s.execute(update(MeasureEvent).values(old_person_id=None, new_person_id=None))


async def _person(bot: Bot, user_id: str) -> int:
    async with bot.app.sessions() as s:
        found = await s.scalar(select(Identity.person_id).where(Identity.user_id == user_id))
    assert found is not None
    return found


async def test_an_adult_named_in_an_old_entry_stays_named_when_a_namesake_is_under_16(
    backend_bot: Bot,
) -> None:
    """Lena was responsible for measure 1 before the history kept whom it names. Later a
    youth representative calls herself Lena too and is under 16: the pseudonym goes to her
    entries, not to the adult's."""
    bot = backend_bot
    await bot.group_with(lena="member", lena2="youth")
    await bot.press("lena2", "age:16plus", chat="dm")
    await bot.ask("anna", "/propose Jugendzentrum")
    assert "Lena ist jetzt verantwortlich" in await bot.ask("anna", "/assign 1 Lena")
    await _written_before_0019(bot)
    await upgrade(bot.app.engine)
    bot.names["lena2"] = "Lena"  # she names herself so on the platform
    await bot.ask("lena2", "/hilfe", chat="dm")
    await bot.ask("lena2", "/alter", chat="dm")
    await bot.press("lena2", "age:under16", chat="dm")
    assert "verantwortlich: — → Lena" in await bot.ask("anna", "/history 1")


async def test_only_a_name_one_person_of_the_group_goes_by_is_linked(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(lena="member", tom="member", tom2="member", ben="member")
    bot.names["tom2"] = "Tom"
    await bot.ask("tom2", "/hilfe", chat="dm")
    await bot.ask("anna", "/propose Jugendzentrum")
    await bot.ask("ben", "/propose Sitzbänke")
    lena, ben = await _person(bot, "lena"), await _person(bot, "ben")
    now = bot.clock.now()
    async with bot.app.sessions() as s, s.begin():
        # Ben left the group; his proposal stays, and so he is one who was in it.
        await s.execute(delete(Membership).where(Membership.person_id == ben))
        # Another town has a Lena of its own; a closed one too.
        others = []
        for name, closed in (("Nachbarstadt", None), ("Altstadt", now)):
            group = await group_repo.create_group(
                s, name=name, programme="kfk", lang="de", tz="Europe/Berlin", fields=[], now=now
            )
            group.closed_at = closed
            person = Person(display_name="Lena", created_at=now)
            s.add(person)
            await s.flush()
            s.add(Membership(person_id=person.id, group_id=group.id, role="member", joined_at=now))
            measure = Measure(
                group_id=group.id, number=1, title="Park", created_at=now, updated_at=now
            )
            s.add(measure)
            await s.flush()
            others.append((measure.id, person.id))
        ours = await s.scalar(select(Measure.id).where(Measure.title == "Jugendzentrum"))
        entries = [
            (ours, "responsible", "", "Lena"),  # Lena
            (ours, "responsible", " lena ", "Tom"),  # Lena; two are called Tom
            (ours, "responsible", "Ben", "Zoe"),  # Ben, who was in the group; nobody
            (ours, "responsible", "Jugendvertretung", ""),  # the pseudonym: nobody's name
            (ours, "title", "Lena", "Ben"),  # not a person's field
            (others[0][0], "responsible", "", "Lena"),  # the other town's Lena
            (others[1][0], "responsible", "", "Lena"),  # closed: left as it is
        ]
        entries.append((ours, "responsible", "Lena", ""))  # written since 0019: see below
        rows = [
            MeasureEvent(measure_id=m, at=now, field=f, old=old, new=new)
            for m, f, old, new in entries
        ]
        s.add_all(rows)
        await s.flush()
        ids = [row.id for row in rows]
    await _written_before_0019(bot)
    async with bot.app.sessions() as s, s.begin():
        # An entry written since 0019 keeps whom it was written with, whatever its name says.
        since = update(MeasureEvent).where(MeasureEvent.id == ids[-1])
        await s.execute(since.values(old_person_id=ben))

    async def links() -> list[tuple[int | None, int | None]]:
        async with bot.app.sessions() as s:
            found = {
                e.id: (e.old_person_id, e.new_person_id)
                for e in await s.scalars(select(MeasureEvent).where(MeasureEvent.id.in_(ids)))
            }
        return [found[i] for i in ids]

    await upgrade(bot.app.engine)
    assert await current_revision(bot.app.engine) == head_revision()
    linked = [
        (None, lena),
        (lena, None),
        (ben, None),
        (None, None),
        (None, None),
        (None, others[0][1]),
        (None, None),
        (ben, None),
    ]
    assert await links() == linked
    # Back to 0019 the ids stay (they are what 0019 writes itself), and up again is the same.
    await downgrade(bot.app.engine, "0019")
    assert await links() == linked
    await upgrade(bot.app.engine)
    assert await links() == linked
