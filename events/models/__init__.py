"""Events and their agendas (agenda.py); registrations, workshop choices and waitlists (registration.py);
surveys (survey.py)."""

from .agenda import TIMEZONE_NAMES, Event, Partner, Room, Session, SessionSpeaker, Speaker, validate_timezone
from .registration import OrganizerMessage, Registration, WorkshopChoice
from .survey import Answer, Question, Response, Survey

__all__ = [
    "Answer",
    "Question",
    "Response",
    "Survey",
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
