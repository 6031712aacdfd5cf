"""Attendance per workshop, and the check-in helpers who may mark it.

Who may be marked present at a workshop: a confirmed registration for the event with a place in that
workshop (confirmed, or on its waitlist: someone waiting who turns up and takes a free chair was there
all the same). Anyone else is refused with a message (the roster is the sign-up list; a walk-in is
first given a place from the workshop's roster page).

Each mark is one small POST, idempotent: marking twice leaves one row (the registration's row is
locked, and a unique constraint holds whatever the code does); undo deletes the row, and undoing
what is not marked does nothing. Marking someone present at a workshop also checks them in to the
event when they were not yet (events.services.registration.check_in): they are at the event. Undoing
a workshop mark leaves the event's check-in as it is (they came in; being wrongly marked in one room
does not mean they never arrived).

Organizers name helpers per event by email or by full name; a helper may mark attendance and read
the rosters of that event, nothing else (events.rules: "events.mark_attendance").
"""

import re
import uuid

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.errors import DomainError

from ..models import CheckInHelper, Registration, Session, WorkshopAttendance, WorkshopChoice
from .registration import check_in

# A ticket's QR code holds the URL of its check-in page, which ends with the ticket code (a UUID); a
# person may also type the number printed under it, with or without its dashes.
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


def ticket_code_in(text):
    """The ticket code (a UUID) in what was typed or scanned, or None."""
    found = UUID_PATTERN.findall(text or "")
    if len(found) != 1:
        return None
    return uuid.UUID(found[0])


def _name(registration):
    user = registration.user
    return user.get_full_name() if user else _("Deleted member")


@transaction.atomic
def mark_present(*, session, registration, by, field=None):
    """Mark `registration` present at the workshop `session`. Returns (attendance, newly_marked).

    Refused (DomainError, on `field`) unless the registration is confirmed, of the same event, and has
    a place in the workshop. Also checks the person in to the event if they were not yet.
    """
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("user").get(pk=registration.pk)
    )
    if session.kind != Session.Kind.WORKSHOP or registration.event_id != session.event_id:
        raise DomainError(_("This ticket is for another event."), field=field)
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(
            _("%(name)s’s registration is not confirmed: they cannot be marked present.")
            % {"name": _name(registration)},
            field=field,
        )
    if not WorkshopChoice.objects.filter(registration=registration, session=session).exists():
        raise DomainError(
            _("%(name)s is not signed up for this workshop.") % {"name": _name(registration)}, field=field
        )
    attendance = WorkshopAttendance.objects.filter(registration=registration, session=session).first()
    if attendance is not None:
        return attendance, False
    attendance = WorkshopAttendance.objects.create(
        registration=registration, session=session, marked_at=timezone.now(), marked_by=by
    )
    check_in(registration=registration, by=by)  # once: it does nothing to someone already checked in
    return attendance, True


def mark_present_by_ticket(*, session, code, by):
    """Mark present the holder of the ticket typed or scanned (its URL or its number) in the field
    "ticket". Returns (attendance, newly_marked)."""
    ticket = ticket_code_in(code)
    if ticket is None:
        raise DomainError(
            _("This is not a ticket code. Scan the QR code or type the ticket number."), "ticket"
        )
    registration = Registration.objects.filter(ticket_code=ticket).first()
    if registration is None:
        raise DomainError(_("No ticket has this code. Check the number and try again."), "ticket")
    return mark_present(session=session, registration=registration, by=by, field="ticket")


@transaction.atomic
def undo_attendance(*, session, registration):
    """Unmark a person at a workshop. Returns whether a mark was removed (a second undo: False)."""
    deleted, _rows = WorkshopAttendance.objects.filter(registration=registration, session=session).delete()
    return bool(deleted)


# Check-in helpers -------------------------------------------------------------------------------


def _member_named(who):
    """The one active member with this email, or else with exactly this full name (case ignored)."""
    who = (who or "").strip()
    if not who:
        raise DomainError(_("Enter the member’s email or full name."), "member")
    members = get_user_model().objects.filter(is_active=True)
    if "@" in who:
        member = members.filter(email__iexact=who).first()
        if member is None:
            raise DomainError(_("No member has this email."), "member")
        return member
    found = list(members.filter(full_name__iexact=who)[:2])
    if not found:
        raise DomainError(_("No member has this name. Try their email."), "member")
    if len(found) > 1:
        raise DomainError(_("Several members have this name: enter their email instead."), "member")
    return found[0]


def add_check_in_helper(*, event, who, by):
    """Name a member (by email or full name) check-in helper of `event`. Returns (helper, newly_added);
    naming the same person again changes nothing."""
    member = _member_named(who)
    if event.organizers.filter(pk=member.pk).exists():
        raise DomainError(
            _("This member is an organizer of the event: they can mark attendance already."), "member"
        )
    try:
        with transaction.atomic():
            return CheckInHelper.objects.get_or_create(event=event, user=member, defaults={"added_by": by})
    except IntegrityError:  # named at the same moment in another request: the constraint kept one
        return CheckInHelper.objects.get(event=event, user=member), False


def remove_check_in_helper(*, helper):
    CheckInHelper.objects.filter(pk=helper.pk).delete()
