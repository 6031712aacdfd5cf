"""Proof of attendance: who may have a certificate, issuing it once, reissuing it with a corrected name.

A participant who was checked in gets a certificate once the event's last session has ended. The
sessions attended are their agenda (everything but breaks and workshops, plus their confirmed
workshops); the hours of learning are those sessions' length, to the quarter hour.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.errors import DomainError

from ..models import Certificate, Event, Registration, Session
from ..queries.registration import my_agenda

QUARTER = Decimal("0.25")


def event_ends_at(event, last_session_end=None):
    """When the event is over: its last session's end, else midnight after its last day at the venue.
    A caller that read the last session's end already (an annotation) passes it: no query."""
    if last_session_end is None:
        last_session_end = event.sessions.aggregate(last=Max("ends_at"))["last"]
    return last_session_end or event.at_venue(event.end_date + dt.timedelta(days=1), dt.time(0, 0))


def event_is_over(event, now=None, last_session_end=None):
    return event.status in (Event.Status.PUBLISHED, Event.Status.COMPLETED) and event_ends_at(
        event, last_session_end
    ) <= (now or timezone.now())


def may_have_certificate(registration, now=None, last_session_end=None):
    """Checked in at an event that took place and is over."""
    return (
        registration.status == Registration.Status.CONFIRMED
        and registration.checked_in_at is not None
        and event_is_over(registration.event, now, last_session_end)
    )


def attended_sessions(registration):
    return [session for session in my_agenda(registration) if session.kind != Session.Kind.BREAK]


def hours_of(sessions):
    seconds = sum((session.ends_at - session.starts_at).total_seconds() for session in sessions)
    hours = Decimal(seconds) / 3600
    return ((hours / QUARTER).quantize(Decimal(1), rounding=ROUND_HALF_UP) * QUARTER).quantize(
        Decimal("0.01")
    )


def _issue(registration, full_name):
    return Certificate.objects.create(
        registration=registration,
        full_name=full_name,
        hours=hours_of(attended_sessions(registration)),
    )


def certificate_for(registration, now=None):
    """The member's current certificate, issued on first download. A double click issues one."""
    if not may_have_certificate(registration, now):
        raise DomainError(
            _("A certificate is available to participants who were checked in, after the event.")
        )
    current = registration.certificates.filter(replaced_at__isnull=True).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return _issue(registration, registration.user.full_name or registration.user.email)
    except IntegrityError:  # issued by a concurrent request a moment ago: that one is the certificate
        return registration.certificates.get(replaced_at__isnull=True)


@transaction.atomic
def reissue_certificate(*, registration, full_name, now=None):
    """A new certificate with a corrected name; the previous code is marked as replaced."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError(_("Enter the name to print on the certificate."), field="full_name")
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .get(pk=registration.pk)
    )
    if not may_have_certificate(registration, now):
        raise DomainError(
            _("A certificate is available to participants who were checked in, after the event.")
        )
    registration.certificates.filter(replaced_at__isnull=True).update(replaced_at=timezone.now())
    return _issue(registration, full_name)


def verify(code):
    """The certificate with this code (current or replaced), or None. Codes are read case-insensitively."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(code) != 12:
        return None
    formatted = "-".join(code[i : i + 4] for i in range(0, 12, 4))
    return Certificate.objects.filter(code=formatted).select_related("registration__event").first()
