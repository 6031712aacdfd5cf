"""The organizers' log of the emails an event sent (moved here from the survey tests: the page belongs
to the events app)."""

import pytest

from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    organizer, other_organizer = UserFactory(), UserFactory()
    event = EventFactory(organizers=[organizer])
    EventFactory(organizers=[other_organizer])
    member = UserFactory(full_name="Amélie Côté", email="amelie.cote@tc.gc.ca", preferred_language="fr")
    signups.register(event=event, member=member)
    return {
        "event": event,
        "users": {
            "visitor": None,
            "member": UserFactory(),
            "other_organizer": other_organizer,
            "organizer": organizer,
            "admin": UserFactory(is_staff=True, is_superuser=True),
        },
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [("visitor", 302), ("member", 404), ("other_organizer", 404), ("organizer", 200), ("admin", 200)],
)
def test_emails_page_permission_matrix(client, world, role, expected):
    if world["users"][role]:
        client.force_login(world["users"][role])
    url = f"/en/events/manage/{world['event'].slug}/emails/"
    response = client.get(url, {})
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"


def test_emails_page_lists_what_was_sent_and_what_failed(client, world):
    OutboundEmail.objects.filter(topic=f"event:{world['event'].pk}").update(status="failed", error="SMTP 550")
    client.force_login(world["users"]["organizer"])
    page = client.get(f"/en/events/manage/{world['event'].slug}/emails/").content.decode()
    assert "0 sent, 0 waiting to be sent, 1 failed." in page
    assert "amelie.cote@tc.gc.ca" in page and "SMTP 550" in page and "Registration received" in page
    other = client.get(f"/en/events/manage/{world['event'].slug}/emails/?status=sent").content.decode()
    assert "amelie.cote@tc.gc.ca" not in other
