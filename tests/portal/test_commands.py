"""The first admin and the roles, granted and revoked from the command line (no Django admin needed)."""

import pytest
import rules
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from communities.models import Community, Membership, Role
from events.models import Event
from members.models import User
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_admin_makes_a_verified_administrator_who_can_sign_in(client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-admin-passphrase-2026")
    call_command("create_admin", "Chief@TBS-SCT.gc.ca", "--name", "Amira Haddad", "--language", "fr")
    admin = User.objects.get(email="chief@tbs-sct.gc.ca")
    assert (admin.full_name, admin.preferred_language, admin.is_staff, admin.is_superuser) == (
        "Amira Haddad", "fr", True, True,
    )  # fmt: skip
    assert EmailAddress.objects.get(user=admin).verified is True
    response = client.post(
        "/en/accounts/login/", {"login": "chief@tbs-sct.gc.ca", "password": "a-long-admin-passphrase-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_create_admin_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_admin", "chief@tbs-sct.gc.ca")
    assert User.objects.count() == 0


def test_grant_and_revoke_organizer_changes_who_manages_the_event():
    event, member = EventFactory(), UserFactory()
    call_command("grant_role", "organizer", member.email, "--event", event.slug)
    assert rules.has_perm("events.manage_event", member, event) is True
    call_command("grant_role", "organizer", member.email, "--event", event.slug, "--revoke")
    event = Event.objects.get(pk=event.pk)  # the answer is cached per object and request
    assert rules.has_perm("events.manage_event", member, event) is False


def test_grant_moderator_joins_the_community_and_revoke_keeps_the_membership():
    community, member = CommunityFactory(), UserFactory()
    call_command("grant_role", "moderator", member.email, "--community", community.slug)
    assert rules.has_perm("communities.moderate", member, community) is True
    call_command("grant_role", "moderator", member.email, "--community", community.slug, "--revoke")
    community = Community.objects.get(pk=community.pk)  # the membership is cached per object and request
    assert rules.has_perm("communities.moderate", member, community) is False
    assert Membership.objects.get(community=community, member=member).role == Role.MEMBER


def test_grant_moderator_promotes_an_existing_member():
    membership = MembershipFactory()
    call_command("grant_role", "moderator", membership.member.email, "--community", membership.community.slug)
    membership.refresh_from_db()
    assert membership.role == Role.MODERATOR


def test_grant_and_revoke_admin():
    member = UserFactory()
    call_command("grant_role", "admin", member.email)
    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser) == (True, True)
    call_command("grant_role", "admin", member.email, "--revoke")
    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser) == (False, False)


@pytest.mark.parametrize(
    "args",
    [
        ["organizer", "nobody@tc.gc.ca", "--event", "x"],
        ["organizer", "{email}"],
        ["organizer", "{email}", "--event", "no-such-event"],
        ["moderator", "{email}", "--community", "no-such-community"],
    ],
)
def test_grant_role_refuses_unknown_people_and_places_with_a_message(args):
    member = UserFactory()
    with pytest.raises(CommandError):
        call_command("grant_role", *[a.format(email=member.email) for a in args])
    member.refresh_from_db()
    assert member.organized_events.count() == 0
