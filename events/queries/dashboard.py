"""The numbers of an event's dashboard: registrations per day, status counts, needs to plan for.

Each read is one query whatever the number of registrations.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from ..models import Registration

ACTIVE = [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]


@dataclass
class Day:
    day: object  # a date at the venue
    count: int  # registrations made that day (cancelled since or not)
    total: int  # registrations made up to the end of that day


def registrations_by_day(event):
    """How many registrations were made each day, by the venue's calendar, with the running total.

    One aggregate query: `created_at` is cut into days in the event's time zone by PostgreSQL, so a
    registration at 11 p.m. in Vancouver counts on the Vancouver day, not on the UTC one.
    """
    rows = (
        event.registrations.annotate(day=TruncDate("created_at", tzinfo=event.tzinfo))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    days, total = [], 0
    for row in rows:
        total += row["count"]
        days.append(Day(row["day"], row["count"], total))
    return days


def dashboard_counts(event):
    """Confirmed, waitlisted, cancelled, checked in, and how many active registrations state an
    accessibility or a dietary need: one query."""
    active = Q(status__in=ACTIVE)
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        accessibility=Count("pk", filter=active & ~Q(accessibility_needs="")),
        dietary=Count("pk", filter=active & ~Q(dietary_needs="")),
    )


def needs_of(event):
    """Active registrations that state an accessibility or a dietary need, with their member (one query)."""
    return list(
        event.registrations.filter(status__in=ACTIVE)
        .filter(~Q(accessibility_needs="") | ~Q(dietary_needs=""))
        .select_related("user")
        .order_by("status", "user__full_name", "pk")
    )
