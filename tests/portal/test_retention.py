"""Keep little, for a stated time: needs removed after events, inactive accounts warned then erased.
Each job runs twice: the second run changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Registration
from events.retention import remove_event_needs
from members.models import User
from members.retention import retire_inactive_accounts
from nmc_portal.models import OutboundEmail, RetentionRun
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_needs_are_removed_after_the_retention_period_and_counted(settings):
    settings.NEEDS_RETENTION_DAYS = 30
    today = timezone.localdate()
    old = EventFactory(start_date=today - dt.timedelta(days=40), end_date=today - dt.timedelta(days=31))
    recent = EventFactory(start_date=today - dt.timedelta(days=30), end_date=today - dt.timedelta(days=30))
    gone = RegistrationFactory(event=old, accessibility_needs="Sign language", dietary_needs="Halal")
    only_diet = RegistrationFactory(event=old, dietary_needs="Vegan")
    kept = RegistrationFactory(event=recent, accessibility_needs="Ramp", dietary_needs="None")

    assert remove_event_needs(today=today) == {"accessibility_needs": 1, "dietary_needs": 2}
    gone.refresh_from_db()
    only_diet.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.accessibility_needs, gone.dietary_needs, only_diet.dietary_needs) == ("", "", "")
    assert (kept.accessibility_needs, kept.dietary_needs) == ("Ramp", "None")
    assert Registration.objects.filter(event=old).count() == 2  # the registrations stay
    run = RetentionRun.objects.get()
    assert (run.job, run.counts) == ("event_needs", {"accessibility_needs": 1, "dietary_needs": 2})
    assert "Sign language" not in str(run.counts)

    assert remove_event_needs(today=today) == {"accessibility_needs": 0, "dietary_needs": 0}
    assert RetentionRun.objects.count() == 1
    kept.refresh_from_db()
    assert kept.accessibility_needs == "Ramp"


def test_organizers_are_told_when_needs_are_removed(client, settings):
    settings.NEEDS_RETENTION_DAYS = 30
    organizer = UserFactory()
    today = timezone.localdate()
    event = EventFactory(organizers=[organizer], start_date=today, end_date=today)
    client.force_login(organizer)
    page = client.get(f"/en/events/manage/{event.slug}/registrations/").content.decode()
    assert "visible to the organizers only, and are removed on" in page


def idle(days, **fields):
    member = UserFactory(**fields)
    User.objects.filter(pk=member.pk).update(
        last_login=timezone.now() - dt.timedelta(days=days),
        date_joined=timezone.now() - dt.timedelta(days=days + 1),
    )
    return member


def test_inactive_members_are_warned_once_then_erased_unless_they_come_back(settings):
    settings.INACTIVE_ACCOUNT_DAYS = 365
    settings.INACTIVE_ACCOUNT_GRACE_DAYS = 30
    sleeper = idle(400, preferred_language="fr", full_name="Dormant Membre")
    returner = idle(400)
    active = idle(10)
    admin = idle(900, is_staff=True)
    registration = RegistrationFactory(user=sleeper)
    now = timezone.now()

    assert retire_inactive_accounts(now=now) == {"warned": 2, "erased": 0}
    assert retire_inactive_accounts(now=now) == {"warned": 0, "erased": 0}  # twice: nothing more
    warning = OutboundEmail.objects.get(kind=OutboundEmail.Kind.ACCOUNT_INACTIVE, recipient=sleeper)
    assert warning.language == "fr" and "sera supprimé" in warning.body_text
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ACCOUNT_INACTIVE).count() == 2

    User.objects.filter(pk=returner.pk).update(last_login=now + dt.timedelta(days=5))  # signs in again
    later = now + dt.timedelta(days=31)
    assert retire_inactive_accounts(now=later) == {"warned": 0, "erased": 1}
    assert retire_inactive_accounts(now=later) == {"warned": 0, "erased": 0}
    assert not User.objects.filter(pk=sleeper.pk).exists()
    assert User.objects.filter(pk__in=[returner.pk, active.pk, admin.pk]).count() == 3
    registration.refresh_from_db()
    assert registration.user_id is None  # anonymized, still counted
    assert [run.counts for run in RetentionRun.objects.order_by("ran_at")] == [
        {"warned": 2, "erased": 0},
        {"warned": 0, "erased": 1},
    ]
