import pytest

from communities.models import Role
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory
from tests.factories import UserFactory


@pytest.fixture
def organizer(db):
    return UserFactory(full_name="Olivia Organizer")


@pytest.fixture
def community(db):
    return CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")


@pytest.fixture
def moderator(community):
    return member_of(community, role=Role.MODERATOR, full_name="Mo Derator")


@pytest.fixture
def event(organizer):
    return EventFactory(slug="learning-day", title_en="Social Media Learning Day", organizers=[organizer])
