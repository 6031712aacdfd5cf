"""The community page shows the events the community hosts and the resources shared with it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from learning.models import Audience, Resource
from tests.events.factories import EventFactory
from tests.factories import UserFactory

from .factories import CommunityFactory

pytestmark = pytest.mark.django_db


def resource(community, title, audience=Audience.PUBLIC, **fields):
    return Resource.objects.create(
        slug=title.lower().replace(" ", "-"),
        kind="guide",
        title_en=title,
        title_fr=title + " (FR)",
        audience=audience,
        community=community,
        **fields,
    )


def test_community_page_lists_upcoming_hosted_events_soonest_first(client, community):
    later = EventFactory(community=community, title_en="Pacific forum", start_date=dt.date(2031, 3, 1))
    sooner = EventFactory(community=community, title_en="Coaching clinic", start_date=dt.date(2030, 5, 1))
    EventFactory(community=community, title_en="Draft day", status=Event.Status.DRAFT)
    EventFactory(community=community, title_en="Past day", start_date=dt.date(2020, 1, 1))
    EventFactory(community=CommunityFactory(), title_en="Someone else's day")
    EventFactory(title_en="Nobody's day")
    page = client.get("/en/communities/engagement/").content.decode()
    assert page.index(sooner.get_absolute_url()) < page.index(later.get_absolute_url())
    assert "2030-05-01" in page
    for title in ("Draft day", "Past day", "Someone else's day", "Nobody's day"):
        assert title not in page


def test_community_page_without_events_or_resources_says_so(client, community):
    page = client.get("/en/communities/engagement/").content.decode()
    assert "This community hosts no upcoming events." in page
    assert "No resources have been shared with this community yet." in page


def test_community_page_lists_resources_by_audience(client, community, author):
    resource(community, "Meeting guide")
    resource(community, "Members playbook", audience=Audience.MEMBERS)
    resource(CommunityFactory(), "Other guide")
    page = client.get("/en/communities/engagement/").content.decode()
    assert "Meeting guide" in page
    assert "Members playbook" not in page and "Other guide" not in page
    assert "/en/library/search/?community=engagement" in page or "?community=engagement" in page
    client.force_login(author)
    page = client.get("/en/communities/engagement/").content.decode()
    assert "Meeting guide" in page and "Members playbook" in page


def test_community_page_in_french_shows_french_titles(client, community):
    EventFactory(community=community, title_en="Coaching clinic", title_fr="Clinique de coaching")
    resource(community, "Meeting guide")
    page = client.get("/fr/communautes/engagement/").content.decode()
    assert "Clinique de coaching" in page
    assert "Meeting guide (FR)" in page


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_community_page_query_count_does_not_grow_with_events_and_resources(
    client, community, author, signed_in
):
    if signed_in:
        client.force_login(author)
    for number in range(2):
        EventFactory(community=community, start_date=dt.date(2030, 1, 1 + number))
        resource(community, f"Guide {number}")
    small = page_queries(client, "/en/communities/engagement/")
    for number in range(2, 8):
        EventFactory(community=community, start_date=dt.date(2030, 1, 1 + number))
        resource(community, f"Guide {number}", audience=Audience.MEMBERS if number % 2 else Audience.PUBLIC)
    assert page_queries(client, "/en/communities/engagement/") == small


def test_community_page_in_french_offers_to_join_the_community(client, community):
    """Inclusive wording: the button reads « Se joindre à la communauté »."""
    client.force_login(UserFactory())
    html = client.get(f"/fr/communautes/{community.slug}/").content.decode()
    assert '<button type="submit">Se joindre à la communauté</button>' in html
