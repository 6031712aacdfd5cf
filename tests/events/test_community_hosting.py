import datetime as dt

import pytest

from communities import demo as communities_demo
from events import demo as events_demo
from events.models import Event
from events.queries.agenda import upcoming_events_hosted_by
from members import demo as members_demo
from tests.communities.factories import CommunityFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 1, 10)


def test_upcoming_events_hosted_by_lists_published_upcoming_events_of_the_community():
    community, other = CommunityFactory(), CommunityFactory()
    soon = EventFactory(community=community, start_date=TODAY, end_date=TODAY)
    later = EventFactory(
        community=community, start_date=TODAY + dt.timedelta(days=30), end_date=TODAY + dt.timedelta(days=30)
    )
    EventFactory(community=community, status=Event.Status.DRAFT, start_date=TODAY, end_date=TODAY)
    EventFactory(
        community=community, start_date=TODAY - dt.timedelta(days=3), end_date=TODAY - dt.timedelta(days=3)
    )
    EventFactory(community=other, start_date=TODAY, end_date=TODAY)
    EventFactory(start_date=TODAY, end_date=TODAY)
    assert list(upcoming_events_hosted_by(community, today=TODAY)) == [soon, later]


def test_deleting_a_community_keeps_its_events():
    community = CommunityFactory()
    event = EventFactory(community=community)
    community.delete()
    event.refresh_from_db()
    assert event.community is None


def test_demo_engagement_hosts_the_social_media_learning_day(client):
    members_demo.load()
    communities_demo.load()
    events_demo.load()
    events_demo.load()
    day = Event.objects.get(slug="social-media-learning-day-2027")
    assert day.community.slug == "engagement"
    assert Event.objects.filter(community__isnull=False).count() == 1
    page = client.get("/en/communities/engagement/").content.decode()
    assert "Social Media Learning Day" in page
