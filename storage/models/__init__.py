"""Every table; importing this package registers them all on ``Base.metadata``."""

from storage.models.base import Base, UTCDateTime
from storage.models.groups import Chat, FieldOfAction, Group, Identity, Invite, Membership, Person
from storage.models.measures import ORIGINS, STATUSES, Measure, MeasureEvent
from storage.models.system import ProcessedEvent, SyncToken
from storage.models.voting import Ballot, Participation, Round

__all__ = [
    "ORIGINS",
    "STATUSES",
    "Ballot",
    "Base",
    "Chat",
    "FieldOfAction",
    "Group",
    "Identity",
    "Invite",
    "Measure",
    "MeasureEvent",
    "Membership",
    "Participation",
    "Person",
    "ProcessedEvent",
    "Round",
    "SyncToken",
    "UTCDateTime",
]
