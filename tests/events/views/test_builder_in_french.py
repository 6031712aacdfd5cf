"""Organizer forms on French pages: rooms, sessions, partners, communities and speakers' affiliations
read in French, and in English, marked with lang, only where the organizer left the French out."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Event, SessionSpeaker
from events.services import registration as signups
from tests.communities.factories import CommunityFactory
from tests.events.factories import (
    EventFactory,
    PartnerFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    workshop,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(language, name, *args):
    with translation.override(language):
        return reverse(f"events:{name}", args=args)


@pytest.fixture
def world():
    organizer = UserFactory()
    event = EventFactory(status=Event.Status.DRAFT, organizers=[organizer])
    hall = RoomFactory(event=event, name_en="Main hall", name_fr="Grande salle")
    annex = RoomFactory(event=event, name_en="Annex", name_fr="")  # no French name given
    session = SessionFactory(event=event, room=hall)
    return {"organizer": organizer, "event": event, "hall": hall, "annex": annex, "session": session}


@pytest.mark.parametrize("page", ["session_add", "session_edit", "session_move"])
def test_session_forms_on_a_french_page_name_the_rooms_in_french(client, world, page):
    event, hall, annex, session = world["event"], world["hall"], world["annex"], world["session"]
    client.force_login(world["organizer"])
    args = [event.slug] if page == "session_add" else [event.slug, session.pk]
    html = client.get(url("fr", page, *args)).content.decode()
    selected = "" if page == "session_add" else " selected"
    assert f'<option value="{hall.pk}"{selected}>Grande salle</option>' in html
    assert f'<option value="{annex.pk}" lang="en">Annex</option>' in html
    assert "Main hall" not in html
    english = client.get(url("en", page, *args)).content.decode()
    assert f'<option value="{hall.pk}"{selected}>Main hall</option>' in english
    assert f'<option value="{annex.pk}">Annex</option>' in english
    assert "Grande salle" not in english


def test_the_french_builder_in_place_move_form_names_rooms_in_french(client, world):
    event, session = world["event"], world["session"]
    client.force_login(world["organizer"])
    response = client.get(url("fr", "session_move", event.slug, session.pk), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Grande salle</option>" in html and "Main hall" not in html


def test_event_form_on_a_french_page_names_partners_and_communities_in_french(client, world):
    event = world["event"]
    PartnerFactory(name_en="Pacific Federal Council", name_fr="Conseil fédéral du Pacifique")
    PartnerFactory(name_en="Governexx Network", name_fr="")
    community = CommunityFactory(name_en="Engagement", name_fr="Mobilisation")
    client.force_login(world["organizer"])
    html = client.get(url("fr", "edit", event.slug)).content.decode()
    assert "Conseil fédéral du Pacifique" in html and "Pacific Federal Council" not in html
    assert '<span lang="en">Governexx Network</span>' in html
    assert f'<option value="{community.pk}">Mobilisation</option>' in html
    assert ">Engagement</option>" not in html


def test_speaker_affiliations_are_saved_in_both_languages_and_shown_in_the_readers(client, world):
    event, session = world["event"], world["session"]
    client.force_login(world["organizer"])
    response = client.post(
        url("fr", "speaker_add", event.slug, session.pk),
        {
            "name": "Roy Nader",
            "role": "panelist",
            "affiliation_en": "Canada Revenue Agency",
            "affiliation_fr": "Agence du revenu du Canada",
        },
    )
    assert response.status_code == 302
    speaker = SessionSpeaker.objects.get(session=session)
    assert (speaker.affiliation_en, speaker.affiliation_fr) == (
        "Canada Revenue Agency",
        "Agence du revenu du Canada",
    )
    french = client.get(url("fr", "session_edit", event.slug, session.pk)).content.decode()
    assert "Agence du revenu du Canada" in french and "Canada Revenue Agency" not in french
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    public = client.get(url("fr", "session", event.slug, session.pk)).content.decode()
    assert "<strong>Roy Nader</strong>, Agence du revenu du Canada" in public


def test_an_english_only_affiliation_is_marked_on_french_pages(client, world):
    event, session = world["event"], world["session"]
    SessionSpeakerFactory(
        session=session,
        speaker__name="Jodi LeBlanc",
        affiliation_en="Veterans Affairs Canada",
        affiliation_fr="",
    )
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    html = client.get(url("fr", "session", event.slug, session.pk)).content.decode()
    assert '<strong>Jodi LeBlanc</strong>, <span lang="en">Veterans Affairs Canada</span>' in html


def test_roster_forms_on_a_french_page_name_workshops_in_french(client):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    first = workshop(event, 13, title_en="Strategy", title_fr="Stratégie")
    second = workshop(event, 13, title_en="Risk", title_fr="")
    third = workshop(event, 14, 30, title_en="Basics", title_fr="Notions de base")
    registration = signups.register(event=event, member=UserFactory())
    signups.choose_workshops(registration=registration, sessions=[first])
    client.force_login(organizer)
    registrations = client.get(url("fr", "registrations", event.slug)).content.decode()
    assert f'<option value="{first.pk}">Stratégie</option>' in registrations
    assert f'<option value="{second.pk}" lang="en">Risk</option>' in registrations
    roster = client.get(url("fr", "roster", event.slug, first.pk)).content.decode()
    assert f'<option value="{third.pk}">Notions de base (' in roster and "Basics" not in roster
