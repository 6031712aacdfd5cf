"""An event cannot be published while any of its public text lacks its other official language:
publishing lists what is missing, in the organizer's language."""

import pytest
from django.utils import translation

from events.models import Event
from events.services import agenda
from nmc_portal.errors import DomainError
from surveys.models import Question, Survey
from tests.events.factories import EventFactory, PartnerFactory, RoomFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def draft(**fields):
    return EventFactory(status=Event.Status.DRAFT, **fields)


def test_publishing_lists_every_text_missing_its_other_language():
    event = draft(description_en="A day on social media.", description_fr="", venue_fr="")
    SessionFactory(event=event, title_en="Keynote", title_fr="")
    RoomFactory(event=event, name_en="", name_fr="Salle Riel")
    event.partners.add(PartnerFactory(name_en="Federal Council", name_fr=""))
    survey = Survey.objects.create(event=event, kind="feedback", title_en="Feedback", title_fr="Rétroaction")
    Question.objects.create(survey=survey, kind="text", text_en="What should change?", text_fr="")
    with pytest.raises(DomainError) as error:
        agenda.publish_event(event=event)
    assert list(error.value.reasons) == [
        "event description (French)",
        "venue (French)",
        "title of the session “Keynote” (French)",
        "room “Salle Riel” (English)",
        "partner “Federal Council” (French)",
        "survey question “What should change?” (French)",
    ]
    assert error.value.message.startswith("Both official languages are needed before publishing. Missing: ")
    event.refresh_from_db()
    assert event.status == "draft"


def test_the_list_is_in_the_organizers_language():
    event = draft(venue_fr="")
    with translation.override("fr"), pytest.raises(DomainError) as error:
        agenda.publish_event(event=event)
    assert list(error.value.reasons) == ["lieu (français)"]


def test_an_event_complete_in_both_languages_publishes():
    event = draft(description_en="A day.", description_fr="Une journée.")
    SessionFactory(event=event)
    RoomFactory(event=event)
    assert agenda.publish_event(event=event).status == "published"


def test_the_builder_shows_what_is_missing_and_keeps_the_draft(client):
    organizer = UserFactory()
    event = draft(organizers=[organizer], venue_fr="")
    client.force_login(organizer)
    response = client.post(f"/fr/evenements/gerer/{event.slug}/publier/", follow=True)
    page = response.content.decode()
    assert "Les deux langues officielles sont nécessaires avant la publication" in page
    assert "lieu (français)" in page
    event.refresh_from_db()
    assert event.status == "draft"
