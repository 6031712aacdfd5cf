import datetime as dt

import pytest
from django.utils import timezone

from events.services import registration as signups
from surveys import services
from surveys.models import Survey
from tests.events.factories import EventFactory, SessionFactory, at, workshop
from tests.factories import UserFactory


@pytest.fixture
def world(db):
    """An event with a keynote, a lunch break and two workshops at 13:00; a French-speaking member
    registered with one workshop; its feedback survey open since an hour; one user of each role."""
    organizer, other_organizer = UserFactory(), UserFactory()
    event = EventFactory(organizers=[organizer])
    EventFactory(organizers=[other_organizer])
    SessionFactory(event=event, title_en="Opening keynote", title_fr="Conférence d'ouverture")
    SessionFactory(
        event=event, kind="break", title_en="Lunch", starts_at=at(event, 12), ends_at=at(event, 13)
    )
    mine = workshop(event, 13, title_en="Strategy", title_fr="Stratégie")
    workshop(event, 13, title_en="Risk", title_fr="Risques")
    member = UserFactory(full_name="Amélie Côté", email="amelie.cote@tc.gc.ca", preferred_language="fr")
    registration = signups.register(event=event, member=member)
    signups.choose_workshops(registration=registration, sessions=[mine])
    survey = services.ensure_feedback_survey(event)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - dt.timedelta(hours=1), closes_at=timezone.now() + dt.timedelta(days=7)
    )
    survey.refresh_from_db()
    return {
        "event": event,
        "survey": survey,
        "member": member,
        "workshop": mine,
        "users": {
            "visitor": None,
            "member": UserFactory(),
            "other_organizer": other_organizer,
            "organizer": organizer,
            "admin": UserFactory(is_staff=True, is_superuser=True),
        },
    }
