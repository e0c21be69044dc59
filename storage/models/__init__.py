"""Every table; importing this package registers them all on ``Base.metadata``."""

from storage.models.base import Base, UTCDateTime
from storage.models.groups import Chat, FieldOfAction, Group, Identity, Invite, Membership, Person
from storage.models.measures import ORIGINS, STATUSES, Measure, MeasureEvent
from storage.models.privacy import ErasureRequest
from storage.models.system import ProcessedEvent, SyncToken

__all__ = [
    "ORIGINS",
    "STATUSES",
    "Base",
    "Chat",
    "ErasureRequest",
    "FieldOfAction",
    "Group",
    "Identity",
    "Invite",
    "Measure",
    "MeasureEvent",
    "Membership",
    "Person",
    "ProcessedEvent",
    "SyncToken",
    "UTCDateTime",
]
