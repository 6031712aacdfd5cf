"""Recorded emails: queued once per (kind, recipient, object), sent once, retried when worth it."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from nmc_portal.emails import (
    CLAIM_LEASE,
    RESCAN_LEASE,
    UNSENT_GRACE,
    claim_emails,
    enqueue_due_emails,
    enqueue_email,
    mark_sent,
    queue_email,
    queue_emails,
    renew_claim,
)
from nmc_portal.models import OutboundEmail
from nmc_portal.tasks import MAX_ATTEMPTS, send_email_task, send_emails_task
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


class TemporaryFailureBackend(BaseEmailBackend):
    """An SMTP server that answers 421 (try again later)."""

    def send_messages(self, messages):
        raise smtplib.SMTPSenderRefused(421, b"Service not available, try again later", "no-reply@nmc")


class PermanentFailureBackend(TemporaryFailureBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@tc.gc.ca": (550, b"No such user")})


class RefusesOneRecipientBackend(BaseEmailBackend):
    """An SMTP server that knows every recipient but one (550), on one connection."""

    refused = "nobody@tc.gc.ca"
    opened = 0

    def open(self):
        RefusesOneRecipientBackend.opened += 1
        return True

    def send_messages(self, messages):
        for message in messages:
            if message.to == [self.refused]:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
            mail.outbox.append(message)
        return len(messages)


class GoesAwayAfterTwoBackend(BaseEmailBackend):
    """An SMTP server that takes two messages, then says 421 (try again later) until told otherwise."""

    taken = 0
    limit = 2

    def send_messages(self, messages):
        for message in messages:
            if GoesAwayAfterTwoBackend.taken >= self.limit:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            GoesAwayAfterTwoBackend.taken += 1
            mail.outbox.append(message)
        return len(messages)


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


# Batches: one task, one connection, many emails --------------------------------------------------


def queue_reminders(members, event, key="batch:1"):
    """A fan-out recorded the way the reminders are: queue_emails, then the rows it recorded."""
    queue_emails(
        kind="registration_promoted",
        object_key=key,
        template="emails/events/registration_promoted",
        context={"event": event},
        recipients=[(member, {}) for member in members],
    )
    return list(OutboundEmail.objects.filter(object_key=key).order_by("pk"))


def test_queue_emails_renders_each_in_the_recipients_language_with_a_fixed_number_of_queries(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title_en="Pacific day", title_fr="Journée du Pacifique")
    few = [UserFactory(preferred_language=language) for language in ("en", "fr")]
    many = [UserFactory(preferred_language=("en", "fr")[n % 2]) for n in range(12)]
    with django_capture_on_commit_callbacks() as callbacks:
        small, _ = count_queries(queue_reminders, few, event, key="batch:few")
        large, _ = count_queries(queue_reminders, many, event, key="batch:many")
    assert small == large
    assert len(callbacks) == 2  # one enqueue after the commit per call, whatever the number of rows
    rows = {row.recipient_email: row for row in OutboundEmail.objects.filter(object_key="batch:few")}
    assert rows[few[0].email].subject == "A place is yours: Pacific day"
    assert rows[few[1].email].subject == "Une place est à vous\u00a0: Journée du Pacifique"
    assert (rows[few[1].email].language, rows[few[1].email].status) == ("fr", "pending")


def test_queue_emails_twice_records_each_email_once():
    event, members = EventFactory(), [UserFactory() for _ in range(3)]
    queue_reminders(members[:2], event)
    assert (
        queue_emails(
            kind="registration_promoted",
            object_key="batch:1",
            template="emails/events/registration_promoted",
            context={"event": event},
            recipients=[(member, {}) for member in members + members],  # someone listed twice too
        )
        == 1
    )
    assert OutboundEmail.objects.filter(object_key="batch:1").count() == 3


def test_batch_task_sends_each_email_once_over_one_connection_even_when_run_twice(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.RefusesOneRecipientBackend"
    RefusesOneRecipientBackend.opened = 0
    event = EventFactory(title_en="Pacific day", title_fr="Journée du Pacifique")
    members = [UserFactory(preferred_language=("en", "fr")[n % 2]) for n in range(5)]
    emails = queue_reminders(members, event)
    ids = [email.pk for email in emails]
    send_emails_task(email_ids=ids)
    send_emails_task(email_ids=ids)  # a retried or redelivered batch
    assert sorted((m.to[0], m.extra_headers["Content-Language"]) for m in mail.outbox) == sorted(
        (member.email, member.preferred_language) for member in members
    )
    message_ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert message_ids == {f"<outbound-{pk}@127.0.0.1>" for pk in ids}
    assert RefusesOneRecipientBackend.opened == 1  # the second run claimed nothing: no connection
    rows = OutboundEmail.objects.filter(pk__in=ids)
    assert {(row.status, row.attempts, row.error) for row in rows} == {("sent", 1, "")}
    assert all(row.sent_at and row.claimed_by for row in rows)


def test_one_recipient_refused_for_good_fails_alone_and_the_batch_goes_on(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.RefusesOneRecipientBackend"
    event = EventFactory()
    members = [UserFactory(), UserFactory(email=RefusesOneRecipientBackend.refused), UserFactory()]
    emails = queue_reminders(members, event)
    assert send_emails_task(email_ids=[email.pk for email in emails]) is None  # nothing to retry
    statuses = dict(OutboundEmail.objects.values_list("recipient_email", "status"))
    assert statuses == {members[0].email: "sent", members[1].email: "failed", members[2].email: "sent"}
    assert "550" in OutboundEmail.objects.get(recipient_email=members[1].email).error
    assert sorted(m.to[0] for m in mail.outbox) == sorted([members[0].email, members[2].email])


def test_a_server_gone_mid_batch_retries_only_the_emails_not_sent(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.GoesAwayAfterTwoBackend"
    GoesAwayAfterTwoBackend.taken, GoesAwayAfterTwoBackend.limit = 0, 2
    emails = queue_reminders([UserFactory() for _ in range(5)], EventFactory())
    ids = [email.pk for email in emails]
    before = timezone.now()
    with pytest.raises(RuntimeError, match="SMTPServerDisconnected"):  # what a worker retries
        send_emails_task(email_ids=ids)
    rows = list(OutboundEmail.objects.filter(pk__in=ids).order_by("pk"))
    assert [(row.status, row.attempts) for row in rows] == [("sent", 1)] * 2 + [("pending", 1)] * 3
    assert all(row.next_attempt_at >= before + dt.timedelta(seconds=30) for row in rows[2:])
    assert all(row.claimed_by == "" for row in rows[2:])  # back in the queue, unclaimed
    GoesAwayAfterTwoBackend.limit = 100  # the server is back
    send_emails_task(email_ids=ids)  # the retry (it names the three; the two sent are not claimed)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row.recipient_email for row in rows)
    assert OutboundEmail.objects.filter(pk__in=ids, status="sent").count() == 5


def test_batch_retry_under_a_worker_ends_failed_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_emails.TemporaryFailureBackend"
    emails = queue_reminders([UserFactory() for _ in range(3)], EventFactory())
    send_emails_task.apply(kwargs={"email_ids": [email.pk for email in emails]})
    rows = OutboundEmail.objects.filter(pk__in=[email.pk for email in emails])
    assert {(row.status, row.attempts) for row in rows} == {("failed", MAX_ATTEMPTS)}
    assert mail.outbox == []


def test_rows_claimed_by_a_dead_worker_wait_for_their_lease_then_go_once():
    emails = queue_reminders([UserFactory() for _ in range(3)], EventFactory())
    ids = [email.pk for email in emails]
    now = timezone.now()
    # A worker claimed the batch and was killed before sending anything.
    assert len(claim_emails(ids, token="dead:1:run", now=now)) == 3
    send_emails_task(email_ids=ids)  # the broker redelivers its message: the rows are still claimed
    assert mail.outbox == []
    assert enqueue_due_emails(now=now + CLAIM_LEASE) == 0  # the lease, plus the sweep's grace
    assert enqueue_due_emails(now=now + CLAIM_LEASE + UNSENT_GRACE) == 3
    assert set(OutboundEmail.objects.filter(pk__in=ids).values_list("claimed_by", flat=True)) == {""}
    send_emails_task(email_ids=ids)  # the task the sweep enqueued
    send_emails_task(email_ids=ids)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(email.recipient_email for email in emails)
    rows = OutboundEmail.objects.filter(pk__in=ids)
    assert {(row.status, row.attempts) for row in rows} == {("sent", 2)}  # the dead claim counted


def test_a_worker_whose_claim_was_taken_back_cannot_mark_the_row():
    (email,) = queue_reminders([UserFactory()], EventFactory())
    now = timezone.now()
    (claimed,) = claim_emails([email.pk], token="slow:1:run", now=now)
    assert renew_claim(token="slow:1:run") is True  # while it goes on, it extends its lease
    email.refresh_from_db()
    assert email.next_attempt_at > now + CLAIM_LEASE - dt.timedelta(seconds=1)
    enqueue_due_emails(now=now + 2 * CLAIM_LEASE + UNSENT_GRACE)  # then it stalled: the lease ran out
    assert renew_claim(token="slow:1:run") is False
    assert mark_sent([claimed], token="slow:1:run") is False  # so it stops its batch there
    (taken,) = claim_emails([email.pk], token="next:1:run", now=now + 2 * CLAIM_LEASE + UNSENT_GRACE)
    assert mark_sent([taken], token="next:1:run") is True
    email.refresh_from_db()
    assert (email.status, email.claimed_by) == ("sent", "next:1:run")
