"""The resource form on a French page names events and communities in French (the fallback marked)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.communities.factories import CommunityFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_resource_form_in_french_names_events_and_communities_in_french(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    event = EventFactory(title_en="Learning day", title_fr="Journée d'apprentissage")
    community = CommunityFactory(name_en="Engagement", name_fr="Mobilisation")
    english_only = CommunityFactory(name_en="Coaching circle", name_fr="")
    client.force_login(admin)
    with translation.override("fr"):
        html = client.get(reverse("learning:create")).content.decode()
    assert f'<option value="{event.pk}">Journée d&#x27;apprentissage (' in html  # then its date
    assert f'<option value="{community.pk}">Mobilisation</option>' in html
    assert f'<option value="{english_only.pk}" lang="en">Coaching circle</option>' in html
    assert ">Engagement</option>" not in html
