"""Accessibility reports: a barrier someone met, or a request for a document in another format.

Anyone may report, signed in or not. The report is recorded, acknowledged by email in the language of
the page it was sent from, and announced to the administrators (staff accounts) in their own language.
"""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .emails import queue_email
from .models import BarrierReport, OutboundEmail

TOPIC = "accessibility"


class BarrierReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to tell us?"),
        choices=BarrierReport.Kind.choices,
        initial=BarrierReport.Kind.BARRIER,
        widget=forms.RadioSelect,
    )
    page = forms.CharField(
        label=_("Page or document"),
        help_text=_("Its address or its name, if you know it."),
        required=False,
        max_length=500,
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What you were trying to do, what stopped you, and the format you need if any."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your email address"), help_text=_("We reply to this address."), max_length=254
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)


@transaction.atomic
def report_barrier(*, token, kind, page, description, name, email, language, reporter=None):
    """Record a report once per form token; returns (report, created). Emails commit with the report."""
    report, created = BarrierReport.objects.get_or_create(
        token=token or uuid.uuid4(),
        defaults={
            "kind": kind,
            "page": page.strip(),
            "description": description.strip(),
            "name": name.strip(),
            "email": email,
            "language": language,
            "reporter": reporter,
        },
    )
    if not created:
        return report, False
    queue_email(
        kind=OutboundEmail.Kind.BARRIER_REPORT_RECEIVED,
        recipient=reporter,
        email=email,
        language=language,
        object_key=f"barrier-report:{report.pk}",
        template="emails/site/barrier_report_received",
        context={"report": report, "name": report.name or getattr(reporter, "full_name", "")},
        topic=TOPIC,
    )
    for admin in get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk"):
        queue_email(
            kind=OutboundEmail.Kind.BARRIER_REPORT_NEW,
            recipient=admin,
            object_key=f"barrier-report:{report.pk}",
            template="emails/site/barrier_report_new",
            context={"report": report},
            topic=TOPIC,
        )
    return report, True
