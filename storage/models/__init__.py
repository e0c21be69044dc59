"""Every table; importing this package registers them all on ``Base.metadata``."""

from storage.models.base import Base, UTCDateTime
from storage.models.groups import Chat, FieldOfAction, Group, Identity, Invite, Membership, Person
from storage.models.measures import ORIGINS, STATUSES, Measure, MeasureEvent
from storage.models.reminders import GroupReminderSettings, PersonReminderSettings, Reminder
from storage.models.system import ProcessedEvent, SyncToken

__all__ = [
    "ORIGINS",
    "STATUSES",
    "Base",
    "Chat",
    "FieldOfAction",
    "Group",
    "GroupReminderSettings",
    "Identity",
    "Invite",
    "Measure",
    "MeasureEvent",
    "Membership",
    "Person",
    "PersonReminderSettings",
    "ProcessedEvent",
    "Reminder",
    "SyncToken",
    "UTCDateTime",
]
