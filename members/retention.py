"""Inactive accounts: warned by email after INACTIVE_ACCOUNT_DAYS without a sign-in, then erased the way
a deletion erases them INACTIVE_ACCOUNT_GRACE_DAYS later unless the member signs in meanwhile.

Staff accounts are never erased automatically. A member's last activity is their last sign-in, or the
day they joined if they never signed in. Running the job twice changes nothing more: a warning is
recorded once per period of inactivity (its email key holds the last activity), and an erased member
is gone.
"""

import datetime as dt

from django.conf import settings
from django.db.models import DateTimeField, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from nmc_portal.emails import queue_email
from nmc_portal.models import OutboundEmail
from nmc_portal.retention import record_run

from .models import User
from .services import erase_member

JOB = "inactive_accounts"


def _members():
    last_seen = Coalesce("last_login", "date_joined", output_field=DateTimeField())
    return User.objects.filter(is_staff=False, is_superuser=False, is_active=True).annotate(
        last_seen=last_seen
    )


def retire_inactive_accounts(*, now=None):
    """Erase the accounts warned long enough ago, then warn the newly inactive. Returns the counts."""
    now = now or timezone.now()
    grace = dt.timedelta(days=settings.INACTIVE_ACCOUNT_GRACE_DAYS)
    erased = 0
    to_erase = _members().filter(
        inactivity_warned_at__lte=now - grace, last_seen__lte=F("inactivity_warned_at")
    )
    for member in to_erase.order_by("pk"):
        erase_member(member)
        erased += 1
    idle_since = now - dt.timedelta(days=settings.INACTIVE_ACCOUNT_DAYS)
    to_warn = (
        _members()
        .filter(last_seen__lt=idle_since)
        .filter(Q(inactivity_warned_at__isnull=True) | Q(inactivity_warned_at__lt=F("last_seen")))
    )
    warned = 0
    for member in to_warn.order_by("pk"):
        queue_email(
            kind=OutboundEmail.Kind.ACCOUNT_INACTIVE,
            recipient=member,
            object_key=f"inactive:{member.pk}:{member.last_seen.timestamp()}",
            template="emails/members/account_inactive",
            context={"last_seen": member.last_seen, "erase_on": now + grace},
        )
        User.objects.filter(pk=member.pk).update(inactivity_warned_at=now)
        warned += 1
    counts = {"warned": warned, "erased": erased}
    record_run(JOB, counts)
    return counts
