"""Delivery with real processes: a worker killed mid-batch, and a Redis that stops during sign-ups.

Each email is a recorded row; these tests prove that row makes an at-least-once broker deliver each
email once: every recipient gets exactly one email (one Message-ID), none is lost.
"""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from members.models import User
from nmc_portal.celery import app as celery_app
from nmc_portal.emails import UNSENT_GRACE, enqueue_due_emails, queue_email
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory
from tests.portal.celery_processes import (
    RedisServer,
    Worker,
    celery_broker,
    deliveries,
    per_recipient,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = 200


class Message:
    subject_en = subject_fr = "Batch"
    body_en = body_fr = "One of a batch of emails."


def members(count, prefix):
    return User.objects.bulk_create(
        User(email=f"{prefix}{n:03d}@tc.gc.ca", full_name=f"Member {n}", preferred_language="en")
        for n in range(count)
    )


def sent_count():
    return OutboundEmail.objects.filter(status="sent").count()


def test_a_worker_killed_mid_batch_and_restarted_sends_each_email_exactly_once(tmp_path):
    celery_app.control.purge()  # messages other tests left in the queue, with no worker to take them
    event = EventFactory()
    recipients = members(BATCH, "batch")
    with transaction.atomic():  # one commit, then 200 tasks on the broker
        for member in recipients:
            queue_email(
                kind=OutboundEmail.Kind.ORGANIZER_MESSAGE,
                recipient=member,
                object_key="batch:1",
                template="emails/events/organizer_message",
                context={"event": event, "message": Message()},
            )
    worker = Worker(tmp_path, name="killed").start()
    try:
        assert wait_for(lambda: len(deliveries(tmp_path)) >= 40, 60), "the worker sent nothing"
        worker.kill()
    finally:
        worker.stop()
    at_kill = len(deliveries(tmp_path))
    assert at_kill < BATCH, "the worker finished before it was killed: kill it earlier"

    worker = Worker(tmp_path, name="restarted").start()
    try:
        # The queue's remaining tasks, then the message the killed worker held (back after the
        # visibility timeout); the beat sweep catches any row still pending after that.
        if not wait_for(lambda: sent_count() == BATCH, 30):
            enqueue_due_emails(now=timezone.now() + UNSENT_GRACE)
            assert wait_for(lambda: sent_count() == BATCH, 20)
    finally:
        worker.stop()

    found = deliveries(tmp_path)
    by_recipient = per_recipient(found)
    assert sorted(by_recipient) == sorted(m.email for m in recipients)  # none missing
    # One email per recipient: every copy written carries the row's Message-ID, and one at most was
    # written twice: the one the SIGKILL caught between the SMTP hand-off and the commit.
    assert all(len(set(ids)) == 1 for ids in by_recipient.values())
    duplicates = len(found) - BATCH
    assert duplicates in (0, 1)
    print(f"killed after {at_kill} of {BATCH}; copies written twice: {duplicates}")
    assert OutboundEmail.objects.filter(object_key="batch:1", status="sent").count() == BATCH


def test_sign_ups_work_while_redis_is_down_and_their_emails_go_out_once_it_is_back(client, tmp_path):
    redis = RedisServer(tmp_path).start()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    event = EventFactory(capacity=2)
    people = members(3, "outage")
    try:
        with celery_broker(redis.url):
            client.force_login(people[0])
            assert client.post(f"/en/events/{event.slug}/register/", {}).status_code == 302  # Redis up

            redis.stop()
            for member in people[1:]:
                client.force_login(member)
                started = time.monotonic()
                response = client.post(f"/en/events/{event.slug}/register/", {"dietary_needs": "None"})
                assert response.status_code == 302
                assert time.monotonic() - started < 10  # the request does not hang on the broker
            statuses = list(event.registrations.order_by("pk").values_list("status", flat=True))
            assert statuses == ["confirmed", "confirmed", "waitlisted"]
            emails = OutboundEmail.objects.filter(kind="registration_received").order_by("pk")
            assert [e.status for e in emails] == ["pending"] * 3

            redis.start()  # empty: the task enqueued before the outage is gone with it
            worker = Worker(mail_dir, redis_url=redis.url, name="outage").start()
            try:
                # The next beat ticks: the two recorded during the outage are due at once, the
                # third (whose task Redis lost) a minute after it was recorded.
                assert enqueue_due_emails() == 2
                assert enqueue_due_emails(now=timezone.now() + UNSENT_GRACE) == 1
                assert wait_for(lambda: sent_count() == 3, 40)
            finally:
                worker.stop()
    finally:
        redis.stop()
    by_recipient = per_recipient(deliveries(mail_dir))
    assert {email: len(ids) for email, ids in by_recipient.items()} == {m.email: 1 for m in people}
