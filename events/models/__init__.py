"""Events and their agendas (agenda.py); registrations, workshop choices and waitlists (registration.py);
certificates of attendance (certificates.py); preference rounds and their rankings (preferences.py).
Surveys are their own app (surveys.models)."""

from .agenda import TIMEZONE_NAMES, Event, Partner, Room, Session, SessionSpeaker, Speaker, validate_timezone
from .certificates import Certificate
from .preferences import PreferenceRound, WorkshopRanking
from .registration import OrganizerMessage, Registration, WorkshopChoice

__all__ = [
    "TIMEZONE_NAMES",
    "Certificate",
    "Event",
    "OrganizerMessage",
    "Partner",
    "PreferenceRound",
    "Registration",
    "Room",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "WorkshopChoice",
    "WorkshopRanking",
    "validate_timezone",
]
