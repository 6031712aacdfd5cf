"""Recorded emails in tests: no worker runs, so send the rows the way the worker would."""

from django.core import mail

from nmc_portal.models import OutboundEmail
from nmc_portal.tasks import send_email_task


def send_queued(**filters):
    """Send the pending OutboundEmail rows (matching filters); returns mail.outbox."""
    pending = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, **filters)
    for email_id in pending.order_by("pk").values_list("pk", flat=True):
        send_email_task(email_id=email_id)
    return mail.outbox
