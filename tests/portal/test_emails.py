"""Recorded emails: queued once per (kind, recipient, object), sent once, retried when worth it."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from nmc_portal.emails import RESCAN_LEASE, UNSENT_GRACE, enqueue_due_emails, enqueue_email, queue_email
from nmc_portal.models import OutboundEmail
from nmc_portal.tasks import MAX_ATTEMPTS, send_email_task
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TemporaryFailureBackend:
    """An SMTP server that answers 421 (try again later)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPSenderRefused(421, b"Service not available, try again later", "no-reply@nmc")


class PermanentFailureBackend(TemporaryFailureBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@tc.gc.ca": (550, b"No such user")})


def queue_promotion(member, event):
    return queue_email(
        kind="registration_promoted",
        recipient=member,
        object_key=f"registration:{event.pk}",
        template="emails/events/registration_promoted",
        context={"event": event},
    )


def test_queue_email_refuses_a_kind_the_portal_does_not_know():
    member, event = UserFactory(), EventFactory()
    with pytest.raises(ValueError):
        queue_email(
            kind="registration_promotd",
            recipient=member,
            object_key=f"registration:{event.pk}",
            template="emails/events/registration_promoted",
            context={"event": event},
        )
    assert OutboundEmail.objects.count() == 0


def test_queue_email_records_a_row_and_enqueues_after_commit(django_capture_on_commit_callbacks):
    member, event = UserFactory(), EventFactory(title_en="Pacific day")
    with django_capture_on_commit_callbacks() as callbacks:
        email = queue_promotion(member, event)
    assert (email.kind, email.recipient_email, email.status, email.attempts) == (
        "registration_promoted",
        member.email,
        "pending",
        0,
    )
    assert email.subject == "A place is yours: Pacific day"
    assert "your registration for Pacific day is now confirmed" in email.body_text
    assert "<p>" in email.body_html
    assert len(callbacks) == 1


def test_queueing_the_same_email_twice_is_a_no_op(django_capture_on_commit_callbacks):
    member, event = UserFactory(), EventFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_promotion(member, event)
        second = queue_promotion(member, event)
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(callbacks) == 1


def test_email_is_in_the_recipients_language_text_and_html():
    member = UserFactory(preferred_language="fr")
    event = EventFactory(title_en="Pacific day", title_fr="Journée du Pacifique")
    email = queue_promotion(member, event)
    send_email_task(email_id=email.pk)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Une place est à vous\u00a0: Journée du Pacifique"
    assert "votre inscription à Journée du Pacifique est maintenant confirmée" in sent.body
    assert sent.to == [member.email]
    assert sent.alternatives[0][1] == "text/html"
    assert '<html lang="fr">' in sent.alternatives[0][0]
    assert sent.extra_headers["Content-Language"] == "fr"


def test_send_task_sends_once_and_marks_the_row_sent():
    email = queue_promotion(UserFactory(), EventFactory())
    send_email_task(email_id=email.pk)
    send_email_task(email_id=email.pk)  # a retried or duplicated task
    email.refresh_from_db()
    assert (email.status, email.attempts, len(mail.outbox)) == ("sent", 1, 1)
    assert email.sent_at is not None


def test_send_task_for_a_missing_row_returns_quietly():
    assert send_email_task(email_id=999999) is None
    assert mail.outbox == []


def test_temporary_smtp_failure_is_retried_then_marked_failed(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.TemporaryFailureBackend"
    email = queue_promotion(UserFactory(), EventFactory())
    with pytest.raises(RuntimeError, match="SMTPSenderRefused"):  # a direct call raises what a worker retries
        send_email_task(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.error.startswith("SMTPSenderRefused")
    for _ in range(MAX_ATTEMPTS - 2):
        with pytest.raises(RuntimeError):
            send_email_task(email_id=email.pk)
    send_email_task(email_id=email.pk)  # the last attempt gives up
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", MAX_ATTEMPTS)
    send_email_task(email_id=email.pk)
    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS  # capped: a failed row is not tried again


def test_retry_under_a_worker_runs_again_with_backoff(settings):
    """Celery's eager apply() runs retries at once: the row ends failed after MAX_ATTEMPTS, never sent."""
    settings.EMAIL_BACKEND = "tests.portal.test_emails.TemporaryFailureBackend"
    email = queue_promotion(UserFactory(), EventFactory())
    send_email_task.apply(kwargs={"email_id": email.pk})
    email.refresh_from_db()
    assert (email.status, email.attempts, mail.outbox) == ("failed", MAX_ATTEMPTS, [])


def test_permanent_smtp_failure_is_marked_failed_at_once(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.PermanentFailureBackend"
    email = queue_promotion(UserFactory(), EventFactory())
    send_email_task(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "550" in email.error


def test_scan_enqueues_pending_emails_due_for_over_a_minute_and_leases_them():
    now = timezone.now()
    old, recent, sent, failed = (queue_promotion(UserFactory(), EventFactory()) for _ in range(4))
    OutboundEmail.objects.filter(pk__in=[old.pk, sent.pk, failed.pk]).update(
        next_attempt_at=now - dt.timedelta(minutes=2)
    )
    OutboundEmail.objects.filter(pk=sent.pk).update(status="sent")
    OutboundEmail.objects.filter(pk=failed.pk).update(status="failed")
    assert enqueue_due_emails(now=now) == 1  # enqueued to the real broker; no worker runs in tests
    old.refresh_from_db()
    assert old.next_attempt_at == now + RESCAN_LEASE
    assert enqueue_due_emails(now=now + dt.timedelta(minutes=1)) == 0  # leased: not enqueued every tick
    assert enqueue_due_emails(now=now + RESCAN_LEASE + UNSENT_GRACE) == 2  # the lease ran out; recent due


def test_scan_respects_the_backoff_of_a_row_waiting_for_its_retry(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.TemporaryFailureBackend"
    email = queue_promotion(UserFactory(), EventFactory())
    before = timezone.now()
    with pytest.raises(RuntimeError):
        send_email_task(email_id=email.pk)
    email.refresh_from_db()
    assert (
        before + dt.timedelta(seconds=30)
        <= email.next_attempt_at
        <= timezone.now() + dt.timedelta(seconds=30)
    )
    assert enqueue_due_emails(now=email.next_attempt_at) == 0  # its retry task has the first minute
    assert enqueue_due_emails(now=email.next_attempt_at + UNSENT_GRACE) == 1  # the retry was lost


def test_enqueue_with_the_broker_unreachable_logs_and_leaves_the_row_due(caplog):
    from nmc_portal.celery import app as celery_app
    from tests.portal.celery_processes import celery_broker

    email = queue_promotion(UserFactory(), EventFactory())
    with celery_broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        assert enqueue_email(email.pk) is False
        assert enqueue_due_emails() == 0  # the sweep stops at the first broker error, quietly
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 0)
    assert email.next_attempt_at <= timezone.now() - UNSENT_GRACE  # the next sweep takes it
    assert "not enqueued (broker unreachable)" in caplog.text
    assert celery_app.conf.broker_url.startswith("redis")


def test_sent_email_carries_a_message_id_that_is_the_same_at_every_attempt():
    email = queue_promotion(UserFactory(), EventFactory())
    send_email_task(email_id=email.pk)
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<outbound-{email.pk}@127.0.0.1>"


def test_beat_runs_the_scan_every_minute(settings):
    assert settings.CELERY_BEAT_SCHEDULE["scan-unsent-emails"] == {
        "task": "nmc_portal.tasks.scan_unsent_emails_task",
        "schedule": 60.0,
    }
