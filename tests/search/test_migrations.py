"""events 0009 and communities 0004: the stored search vectors are filled for the rows already there."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import queries
from tests.communities.factories import ThreadFactory
from tests.events.factories import EventFactory, SessionFactory
from tests.events.test_migrations import LATEST, migrate

BEFORE = [("events", "0008_organizer_message_status"), ("communities", "0003_articles")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_sessions_and_discussions_are_found_once_their_vectors_are_added():
    event = EventFactory(title_en="Coaching forum", title_fr="Forum sur l'accompagnement")
    SessionFactory(event=event, title_en="Coaching clinic", title_fr="Clinique d'accompagnement")
    ThreadFactory(title="Réunions d'équipe", body="Coaching between peers.", language="en")
    try:
        old = migrate(BEFORE)
        fields = {field.name for field in old.get_model("events", "Event")._meta.get_fields()}
        assert "search_vector" not in fields
    finally:
        migrate(LATEST)
    results = queries.search_site(AnonymousUser(), queries.Filters(q="coaching"), language="en")
    found = {value: n for value, _label, n in results.facets["type"].options}
    assert (found["event"], found["session"], found["discussion"]) == (1, 1, 1)
    results = queries.search_site(AnonymousUser(), queries.Filters(q="equipe"), language="fr")
    assert [hit.type for hit in results.hits] == ["discussion"]
