"""Events and their agendas (agenda.py); registrations, workshop choices and waitlists (registration.py).
Surveys are their own app (surveys.models)."""

from .agenda import TIMEZONE_NAMES, Event, Partner, Room, Session, SessionSpeaker, Speaker, validate_timezone
from .registration import OrganizerMessage, Registration, WorkshopChoice

__all__ = [
    "TIMEZONE_NAMES",
    "Event",
    "OrganizerMessage",
    "Partner",
    "Registration",
    "Room",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "WorkshopChoice",
    "validate_timezone",
]
