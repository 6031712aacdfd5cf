"""The registration world shared by the member pages (test_registration) and the organizer pages
(test_roster, and a few builder pages in test_builder)."""

import pytest

from events.services import registration as signups
from tests.events.factories import EventFactory, RoomFactory, workshop
from tests.factories import UserFactory


@pytest.fixture
def signups_world(db):
    """An event with three workshops, an attendee in the first, a room, and one person per role."""
    organizer, other_organizer = UserFactory(), UserFactory()
    event = EventFactory(organizers=[organizer], capacity=50)
    EventFactory(organizers=[other_organizer])
    first = workshop(event, 13, title_en="Strategy", title_fr="Stratégie", capacity=2)
    second = workshop(event, 13, title_en="Risk", title_fr="Risques", capacity=2)
    late = workshop(event, 14, 30, title_en="Basics", title_fr="Notions de base", capacity=2)
    attendee = UserFactory(full_name="Amélie Côté")
    registration = signups.register(event=event, member=attendee, dietary_needs="Végétarien")
    signups.choose_workshops(registration=registration, sessions=[first])
    return {
        "event": event,
        "workshops": (first, second, late),
        "registration": registration,
        "attendee": attendee,
        "room": RoomFactory(event=event),
        "users": {
            "visitor": None,
            "member": UserFactory(),
            "other_organizer": other_organizer,
            "organizer": organizer,
            "admin": UserFactory(is_staff=True, is_superuser=True),
        },
    }
