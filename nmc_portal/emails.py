"""Queue an email: render it in the recipient's language, record it, send it after the commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboundEmail


def queue_email(*, kind, recipient, object_key, template, context=None, email=None):
    """Record the email `kind` about `object_key` for `recipient` and send it once the transaction commits.

    `template` names three templates: `<template>_subject.txt`, `<template>.txt` and `<template>.html`,
    rendered in the recipient's preferred official language. Queueing the same (kind, recipient,
    object) again returns the existing row and sends nothing more. Call it inside the service's
    transaction: the row commits with the change it announces, or not at all.
    """
    from .tasks import send_email_task  # tasks import this module's model

    address = email or recipient.email
    language = getattr(recipient, "preferred_language", "") or "en"
    existing = OutboundEmail.objects.filter(kind=kind, recipient_email=address, object_key=object_key).first()
    if existing is not None:
        return existing
    context = {"recipient": recipient, "site_url": settings.SITE_URL, **(context or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", context)
    row, created = OutboundEmail.objects.get_or_create(
        kind=kind,
        recipient_email=address,
        object_key=object_key,
        defaults={
            "recipient": recipient,
            "language": language,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
        },
    )
    if created:
        transaction.on_commit(lambda: send_email_task.delay(email_id=row.pk))
    return row
