import pytest

from communities.models import Joining, Role, Visibility

from .factories import CommunityFactory, ThreadFactory, member_of


@pytest.fixture
def community(db):
    return CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")


@pytest.fixture
def private_community(db):
    return CommunityFactory(
        slug="coaching",
        name_en="Coaching",
        name_fr="Coaching",
        joining=Joining.APPROVAL,
        visibility=Visibility.MEMBERS,
    )


@pytest.fixture
def author(community):
    return member_of(community, full_name="Ada Author")


@pytest.fixture
def moderator(community):
    return member_of(community, role=Role.MODERATOR, full_name="Mo Derator")


@pytest.fixture
def thread(community, author):
    return ThreadFactory(community=community, author=author, title="Running good meetings")
