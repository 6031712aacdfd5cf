"""The admin shows attendance marks, check-in helpers, preference rounds and waitlist offers, and changes
none of them (the services keep their counters, emails and audit)."""

import pytest
from django.urls import reverse

from events.models import CheckInHelper, PreferenceRound, WaitlistOffer, WorkshopAttendance
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [WorkshopAttendance, CheckInHelper, PreferenceRound, WaitlistOffer])
def test_read_only_in_the_admin(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    name = f"admin:events_{model._meta.model_name}"
    listing = client.get(reverse(f"{name}_changelist"))
    assert listing.status_code == 200
    assert reverse(f"{name}_add") not in listing.content.decode()
    assert client.get(reverse(f"{name}_add")).status_code == 403
