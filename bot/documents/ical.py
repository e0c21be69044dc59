"""iCalendar files (icalendar): all-day events with stable UIDs, so importing again updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event


@dataclass(frozen=True)
class Entry:
    """One calendar entry: a stable uid, the day, a summary and a description."""

    uid: str
    day: date
    summary: str
    description: str = ""


def write_calendar(name: str, entries: list[Entry], stamp: datetime) -> bytes:
    """A calendar named ``name``; ``stamp`` (aware) is the DTSTAMP of every event."""
    cal = Calendar()
    cal.add("prodid", "-//steerbot//Aktionsplan//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        if entry.description:
            event.add("description", entry.description)
        cal.add_component(event)
    return cal.to_ical()
