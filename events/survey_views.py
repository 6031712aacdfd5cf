"""The organizers' log of the emails an event sent.

(The survey views moved to the surveys app; this page stays here until it joins the events views.)
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.models import OutboundEmail

from .views import ManageEventMixin

EMAILS_PER_PAGE = 50


class EmailsView(ManageEventMixin, View):
    """What the portal emailed about this event, when, and what failed."""

    def get(self, request):
        status = request.GET.get("status", "")
        emails = OutboundEmail.objects.filter(topic=f"event:{self.event.pk}")
        counts = emails.aggregate(
            sent=Count("pk", filter=Q(status=OutboundEmail.Status.SENT)),
            pending=Count("pk", filter=Q(status=OutboundEmail.Status.PENDING)),
            failed=Count("pk", filter=Q(status=OutboundEmail.Status.FAILED)),
        )
        kinds = (
            emails.values("kind")
            .annotate(
                total=Count("pk"),
                sent=Count("pk", filter=Q(status=OutboundEmail.Status.SENT)),
                failed=Count("pk", filter=Q(status=OutboundEmail.Status.FAILED)),
            )
            .order_by("kind")
        )
        if status in OutboundEmail.Status.values:
            emails = emails.filter(status=status)
        fields = [
            "kind",
            "recipient_email",
            "subject",
            "status",
            "attempts",
            "sent_at",
            "created_at",
            "error",
        ]
        page = Paginator(emails.order_by("-created_at", "-pk").only(*fields), EMAILS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return self.render(
            "events/manage/emails.html",
            {
                "page": page,
                "counts": counts,
                "kinds": [{**k, "label": email_kind_label(k["kind"])} for k in kinds],
                "status": status,
                "statuses": OutboundEmail.Status.choices,
            },
        )


def email_kind_label(kind):
    return {
        "registration_received": _("Registration received"),
        "registration_promoted": _("Place from the waitlist"),
        "workshop_promoted": _("Workshop seat from the waitlist"),
        "organizer_message": _("Message from the organizers"),
        "event_reminder": _("Reminder before the event"),
        "session_changed": _("Session moved"),
        "session_cancelled": _("Session cancelled"),
        "survey_invitation": _("Feedback survey invitation"),
        "survey_reminder": _("Feedback survey reminder"),
    }.get(kind, kind)
