"""A learning day's slides appear on the event page (and in the library)."""

import pytest
from django.test import Client

from nmc_portal import pagecache
from tests.events.factories import EventFactory
from tests.helpers import count_queries
from tests.learning.factories import bulk_resources, make_resource

pytestmark = pytest.mark.django_db


def test_event_page_lists_the_events_materials_visitors_may_see(member_client):
    event = EventFactory(title_en="Pacific Learning Day")
    make_resource(event=event, title_en="Slides: Social Media Basics", kind="file")
    make_resource(event=event, title_en="Members-only notes", audience="members")
    make_resource(title_en="Unrelated guide")

    html = Client().get(f"/en/events/{event.slug}/").content.decode()
    assert '<h2 id="materials-heading">Materials</h2>' in html
    assert "Slides: Social Media Basics" in html
    assert "Members-only notes" not in html and "Unrelated guide" not in html
    assert "Members-only notes" in member_client.get(f"/en/events/{event.slug}/").content.decode()


def test_event_page_says_when_no_materials_are_shared(client):
    event = EventFactory()
    html = client.get(f"/fr/evenements/{event.slug}/").content.decode()
    assert '<h2 id="materials-heading">Documents</h2>' in html
    assert "Aucun document n'a encore été partagé pour cet événement." in html


def test_event_page_queries_do_not_grow_with_its_materials(client):
    event = EventFactory()
    make_resource(event=event)
    url = f"/en/events/{event.slug}/"
    client.get(url)
    pagecache.clear()  # counted as rendered, not served from the page cache
    few, _ = count_queries(client.get, url)
    bulk_resources(15, event=event)
    pagecache.clear()
    many, response = count_queries(client.get, url)
    assert response.content.decode().count('<li class="resource-card">') == 16
    assert few == many
