"""The library's demo content, for the library and search browser tests."""

import pytest

from communities.models import Role
from learning import demo
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory
from tests.factories import UserFactory


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        slug="social-media-learning-day",
        title_en="Social Media Learning Day",
        title_fr="Journée d'apprentissage sur les médias sociaux",
        organizers=[organizer],
    )
    engagement = CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")
    moderator = member_of(engagement, role=Role.MODERATOR, full_name="Mathieu Gagnon")
    demo.load_playbook(moderator, engagement)
    demo.create_once(author=organizer, event=event, **demo.VIDEO)
    return {"organizer": organizer, "event": event}
