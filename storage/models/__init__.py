"""Every table; importing this package registers them all on ``Base.metadata``."""

from storage.models.base import Base, UTCDateTime
from storage.models.groups import (
    Chat,
    FieldOfAction,
    Group,
    GroupEvent,
    Identity,
    Invite,
    Membership,
    Person,
)
from storage.models.imports import ImportDraft
from storage.models.lifecycle import LinkCode, Milestone, YouthIdea, YouthPreference
from storage.models.measures import ORIGINS, STATUSES, Measure, MeasureEvent
from storage.models.privacy import ErasureRequest
from storage.models.reminders import GroupReminderSettings, PersonReminderSettings, Reminder
from storage.models.system import ContextEpoch, ProcessedEvent, SyncToken
from storage.models.voting import Ballot, Participation, Round

__all__ = [
    "ORIGINS",
    "STATUSES",
    "Ballot",
    "Base",
    "Chat",
    "ContextEpoch",
    "ErasureRequest",
    "FieldOfAction",
    "Group",
    "GroupEvent",
    "GroupReminderSettings",
    "Identity",
    "ImportDraft",
    "Invite",
    "LinkCode",
    "Measure",
    "MeasureEvent",
    "Milestone",
    "Membership",
    "Participation",
    "Person",
    "PersonReminderSettings",
    "ProcessedEvent",
    "Round",
    "Reminder",
    "SyncToken",
    "UTCDateTime",
    "YouthIdea",
    "YouthPreference",
]
