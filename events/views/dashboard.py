"""The dashboard an organizer opens first: registrations over time, counts, workshops' fill and waitlists,
needs to plan for, check-in progress (polled with htmx), the feedback survey's response rate.

A fixed number of queries whatever the number of registrations. The survey's numbers come from the
surveys app: views may combine apps (events' domain may not import surveys).
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.dates import format_date
from surveys.models import Survey
from surveys.queries import invited_count

from ..queries.attendance import helpers_of, no_show_rate, workshop_attendance
from ..queries.dashboard import dashboard_counts, needs_of, registrations_by_day
from ..queries.registration import workshops_of
from .attendance import HelperForm
from .mixins import ManageEventMixin


@dataclass
class Point:
    x: float
    y: float
    day: object
    total: int


@dataclass
class TimelineChart:
    """The running total of registrations, day by day, drawn as SVG by the server
    (events/manage/_registrations_chart.html); the table beside it has every number."""

    days: list
    WIDTH = 560
    HEIGHT = 220
    LEFT = 48
    RIGHT = 540
    TOP = 20
    BOTTOM = 180

    def __post_init__(self):
        self.points = []
        self.top = self.days[-1].total if self.days else 0
        if not self.days:
            return
        first, last = self.days[0].day, self.days[-1].day
        span = (last - first).days
        for day in self.days:
            x = self.LEFT + (self.RIGHT - self.LEFT) * ((day.day - first).days / span if span else 0.5)
            y = self.BOTTOM - (self.BOTTOM - self.TOP) * (day.total / self.top if self.top else 0)
            self.points.append(Point(round(x, 1), round(y, 1), day.day, day.total))

    @property
    def polyline(self):
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def first_label(self):
        return format_date(self.days[0].day) if self.days else ""

    @property
    def last_label(self):
        return format_date(self.days[-1].day) if self.days else ""

    @property
    def description(self):
        if not self.days:
            return _("No registrations yet.")
        return _("From %(first)s to %(last)s, %(total)s registrations in all.") % {
            "first": self.first_label,
            "last": self.last_label,
            "total": self.top,
        }


def feedback_survey(event):
    """The event's feedback survey with its number of responses (one query), or None."""
    return (
        Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK)
        .annotate(response_count=Count("responses"))
        .first()
    )


class DashboardView(ManageEventMixin, View):
    def get(self, request):
        counts = dashboard_counts(self.event)
        survey = feedback_survey(self.event)
        invited = invited_count(survey) if survey else None
        attendance = workshop_attendance(self.event)
        return self.render(
            "events/manage/dashboard.html",
            {
                "counts": counts,
                "chart": TimelineChart(registrations_by_day(self.event)),
                "workshops": workshops_of(self.event),
                "attendance": attendance,
                "no_show": no_show_rate(attendance),
                "helpers": helpers_of(self.event),
                "form": HelperForm(),
                "needs": needs_of(self.event),
                "survey": survey,
                "consultations": Survey.objects.filter(event=self.event, kind=Survey.Kind.NEEDS).order_by(
                    "pk"
                ),
                "invited": invited,
                "response_rate": round(100 * survey.response_count / invited) if invited else None,
                "check_in_percent": (
                    round(100 * counts["checked_in"] / counts["confirmed"]) if counts["confirmed"] else 0
                ),
            },
        )
