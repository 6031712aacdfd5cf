"""Email notification preferences: on by default, changed in the profile, shown on the dashboard."""

import pytest

from members.forms import ProfileForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "full_name": "Morgan Tremblay",
    "department": "dfo",
    "region": "atlantic",
    "position": "manager",
    "preferred_language": "en",
}


def test_new_member_gets_reply_emails_and_the_weekly_digest():
    member = UserFactory()
    assert (member.notify_replies, member.community_digest) == (True, True)


def test_profile_form_offers_both_preferences_checked_by_default(member_client):
    page = member_client.get("/en/members/profile/").content.decode()
    assert "Email me when someone replies to my discussions" in page
    assert "Send me the weekly digest of my communities" in page
    form = ProfileForm(instance=UserFactory())
    assert form["notify_replies"].value() is True and form["community_digest"].value() is True


def test_profile_edit_turns_preferences_off_and_on(member_client, member):
    response = member_client.post("/en/members/profile/", {**PROFILE, "community_digest": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.notify_replies, member.community_digest) == (False, True)
    member_client.post("/en/members/profile/", {**PROFILE, "notify_replies": "on"})
    member.refresh_from_db()
    assert (member.notify_replies, member.community_digest) == (True, False)


def test_dashboard_shows_the_preferences(member_client, member):
    member.notify_replies = False
    member.save(update_fields=["notify_replies"])
    page = member_client.get("/en/members/").content.decode()
    assert "<dt>Emails about replies to my discussions</dt><dd>Off</dd>" in page
    assert "<dt>Weekly digest of my communities</dt><dd>On</dd>" in page


def test_dashboard_in_french_shows_the_preferences(member_client):
    page = member_client.get("/fr/members/").content.decode()
    assert "<dt>Résumé hebdomadaire de mes communautés</dt><dd>Activé</dd>" in page
