import datetime as dt

import pytest

from events.models import Event
from events.queries.agenda import upcoming_events_hosted_by
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
