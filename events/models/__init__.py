"""Events and their agendas (agenda.py); registrations, workshop choices and waitlists (registration.py);
certificates of attendance (certificates.py); attendance per workshop and check-in helpers (attendance.py);
preference rounds and their rankings (preferences.py); held offers on waitlists (offers.py).
Surveys are their own app (surveys.models)."""

from .agenda import TIMEZONE_NAMES, Event, Partner, Room, Session, SessionSpeaker, Speaker, validate_timezone
from .attendance import CheckInHelper, WorkshopAttendance
from .certificates import Certificate
from .offers import WaitlistOffer
from .preferences import PreferenceRound, WorkshopRanking
from .registration import OrganizerMessage, Registration, WorkshopChoice

__all__ = [
    "TIMEZONE_NAMES",
    "Certificate",
    "CheckInHelper",
    "Event",
    "OrganizerMessage",
    "Partner",
    "PreferenceRound",
    "Registration",
    "Room",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "WorkshopAttendance",
    "WaitlistOffer",
    "WorkshopChoice",
    "WorkshopRanking",
    "validate_timezone",
]
