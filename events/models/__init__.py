"""Events and their agendas (agenda.py); registrations, workshop choices and waitlists (registration.py);
certificates of attendance (certificates.py); held offers on waitlists (offers.py).
Surveys are their own app (surveys.models)."""

from .agenda import TIMEZONE_NAMES, Event, Partner, Room, Session, SessionSpeaker, Speaker, validate_timezone
from .certificates import Certificate
from .offers import WaitlistOffer
from .registration import OrganizerMessage, Registration, WorkshopChoice

__all__ = [
    "TIMEZONE_NAMES",
    "Certificate",
    "Event",
    "OrganizerMessage",
    "Partner",
    "Registration",
    "Room",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "WaitlistOffer",
    "WorkshopChoice",
    "validate_timezone",
]
