"""Event contexts kept in memory while nobody changes who-is-who.

Every command needs to know the sender (identity, person), the chat's group and the sender's
membership. Reading them costs a statement and, worse, building five ORM objects; in a busy group
chat they stay the same from one message to the next. The cache keeps their column values per
(platform, sender, chat) together with the context epoch they were read at. The epoch is a
counter that SQLite triggers bump in every transaction that changes a person, an identity, a
chat binding, a group or a membership (migration 0006), from whichever process; the dispatcher
reads it in the statement that records the event as handled, so a cached context is used only
while nothing it is made of has changed since. On PostgreSQL (several processes, no triggers) the
cache is not used.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from storage.models import Base
from storage.repo.context import EventContext

Key = tuple[str, str, str | None]
Values = tuple[type[Base], dict[str, Any]] | None


@dataclass(frozen=True)
class Snapshot:
    """Column values of the objects of one event context, ``None`` where there is none."""

    objects: tuple[Values, ...]
    groups: int = 0

    @classmethod
    def of(cls, found: EventContext) -> Snapshot:
        objects = tuple(_values(getattr(found, name)) for name in _OBJECTS)
        return cls(objects, found.groups)

    def restore(self, session: AsyncSession) -> EventContext:
        """Fresh objects in ``session``, as if just loaded (changes to them are saved)."""
        identity, person, binding, group, membership = (_attach(session, v) for v in self.objects)
        return EventContext(identity, person, binding, group, membership, self.groups)


_OBJECTS = tuple(f.name for f in fields(EventContext) if f.name != "groups")


class ContextCache:
    """Snapshots by key, valid for one epoch; a newer epoch empties the cache."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._epoch = -1
        self._entries: OrderedDict[Key, Snapshot] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, epoch: int, key: Key) -> Snapshot | None:
        self._adopt(epoch)
        found = self._entries.get(key) if epoch == self._epoch else None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return found

    def put(self, epoch: int, key: Key, snapshot: Snapshot) -> None:
        self._adopt(epoch)
        if epoch != self._epoch:
            return  # read at an older epoch than one seen since: may be stale already
        self._entries[key] = snapshot
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def _adopt(self, epoch: int) -> None:
        if epoch > self._epoch:
            self._epoch = epoch
            self._entries.clear()


def _values(obj: Base | None) -> Values:
    if obj is None:
        return None
    mapper = inspect(type(obj))
    return type(obj), {a.key: _copy(getattr(obj, a.key)) for a in mapper.column_attrs}


def _attach(session: AsyncSession, values: Values) -> Any:
    if values is None:
        return None
    cls, columns = values
    # As the ORM's loader does: a bare instance whose attributes are set as loaded (a
    # constructor would record each of them as a change to save).
    obj = inspect(cls).class_manager.new_instance()
    obj.__dict__.update({k: _copy(v) for k, v in columns.items()})
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


def _copy(value: Any) -> Any:
    # Column values are immutable (str, int, dates) except JSON-like containers.
    return copy.deepcopy(value) if isinstance(value, (dict, list, set)) else value
