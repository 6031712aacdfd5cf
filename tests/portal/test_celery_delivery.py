"""Delivery with real processes: a worker killed mid-batch, and a Redis that stops during sign-ups.

Each email is a recorded row; these tests prove that row makes an at-least-once broker deliver each
email once: every recipient gets exactly one email (one Message-ID), none is lost, and at most the one
email the SIGKILL caught between the mail server and the row's mark is written twice.
"""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from members.models import User
from nmc_portal.celery import app as celery_app
from nmc_portal.emails import (
    CLAIM_LEASE,
    MARK_EVERY,
    SEND_BATCH,
    UNSENT_GRACE,
    enqueue_due_emails,
    queue_email,
    queue_emails,
)
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


def kill_a_worker_mid_way_then_restart_one(mail_dir, total, object_key, batch=1):
    """Start a worker, SIGKILL it once it has sent a tenth of the `total` emails (if it can, as it is
    part-way through a `batch`), start another, and run the beat sweep once the queue is drained, after
    the dead worker's lease: its claimed rows go then. Returns (emails written when it was killed, rows
    the dead worker held)."""

    def part_way():
        written = len(deliveries(mail_dir))
        return written >= total // 10 and (batch == 1 or written % batch >= batch // 5)

    worker = Worker(mail_dir, name="killed").start()
    try:
        assert wait_for(part_way, 60), "the worker sent nothing"
        worker.kill()
    finally:
        worker.stop()
    at_kill = len(deliveries(mail_dir))
    assert at_kill < total, "the worker finished before it was killed: kill it earlier"
    pending = OutboundEmail.objects.filter(object_key=object_key, status="pending")
    dead = set(pending.exclude(claimed_by="").values_list("claimed_by", flat=True))
    held = pending.filter(claimed_by__in=dead).count()

    worker = Worker(mail_dir, name="restarted").start()
    try:
        # The queue's remaining tasks, and maybe the message the killed worker held (back after the
        # visibility timeout: rows its run claimed stay claimed, it leaves them).
        wait_for(lambda: not pending.exclude(claimed_by__in=dead).exists(), 30)
        # A later beat tick, once the dead worker's lease has run out, takes those rows back.
        enqueue_due_emails(now=timezone.now() + CLAIM_LEASE + UNSENT_GRACE)
        assert wait_for(lambda: sent_count() == total, 30)
    finally:
        worker.stop()
    return at_kill, held


def assert_each_sent_once(found, recipients, object_key, *, at_most_twice=1):
    """`found`: every message the workers wrote (celery_processes.deliveries)."""
    by_recipient = per_recipient(found)
    assert sorted(by_recipient) == sorted(m.email for m in recipients)  # none missing
    # One email per recipient: every copy written carries the row's Message-ID, and few were written
    # twice: those the SIGKILL caught between the mail server's hand-off and the rows' mark.
    assert all(len(set(ids)) == 1 for ids in by_recipient.values())
    duplicates = len(found) - len(recipients)
    assert 0 <= duplicates <= at_most_twice
    assert OutboundEmail.objects.filter(object_key=object_key, status="sent").count() == len(recipients)
    return duplicates


def test_a_worker_killed_mid_batch_and_restarted_sends_each_email_exactly_once(tmp_path):
    """One task per email, as requests enqueue them."""
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
    at_kill, held = kill_a_worker_mid_way_then_restart_one(tmp_path, BATCH, "batch:1")
    duplicates = assert_each_sent_once(deliveries(tmp_path), recipients, "batch:1")
    print(f"killed after {at_kill} of {BATCH}, holding {held}; copies written twice: {duplicates}")


def test_a_worker_killed_mid_batch_of_a_fan_out_and_restarted_sends_each_email_exactly_once(tmp_path):
    """One task per SEND_BATCH emails, as reminders go: the kill lands inside a batch's connection."""
    celery_app.control.purge()
    total = 20 * SEND_BATCH
    recipients = members(total, "fanout")
    queue_fan_out(recipients, "fanout:1")  # one commit, then 20 batch tasks on the broker
    at_kill, held = kill_a_worker_mid_way_then_restart_one(tmp_path, total, "fanout:1", batch=SEND_BATCH)
    assert held <= SEND_BATCH  # the dead worker's claim: the rest of one batch, its sent rows marked
    duplicates = assert_each_sent_once(deliveries(tmp_path), recipients, "fanout:1", at_most_twice=MARK_EVERY)
    print(f"killed after {at_kill} of {total}, holding {held}; copies written twice: {duplicates}")


def queue_fan_out(recipients, object_key):
    event = EventFactory()
    with transaction.atomic():
        queue_emails(
            kind=OutboundEmail.Kind.ORGANIZER_MESSAGE,
            object_key=object_key,
            template="emails/events/organizer_message",
            context={"event": event, "message": Message()},
            recipients=[(member, {}) for member in recipients],
        )


def test_two_workers_share_a_fan_out_and_one_killed_mid_batch_leaves_nothing_lost_or_sent_twice(tmp_path):
    """Both workers take batches from one queue; one dies part-way through a batch, the other goes on.
    (The cluster benchmark does the same across two nodes.)"""
    celery_app.control.purge()
    total = 30 * SEND_BATCH
    recipients = members(total, "pair")
    survivor_dir, victim_dir = tmp_path / "survivor", tmp_path / "victim"
    survivor_dir.mkdir()
    victim_dir.mkdir()  # a directory each: the file backend names its files by time and object id
    survivor = Worker(survivor_dir, name="survivor").start()
    victim = Worker(victim_dir, name="victim").start()
    try:
        assert wait_for(lambda: len(celery_app.control.ping(timeout=0.5)) >= 2, 60), "workers not up"
        queue_fan_out(recipients, "pair:1")

        def victim_part_way():
            written = len(deliveries(victim_dir))
            return written >= SEND_BATCH and written % SEND_BATCH >= SEND_BATCH // 5

        assert wait_for(victim_part_way, 60), "the second worker sent nothing"
        victim.kill()
        pending = OutboundEmail.objects.filter(object_key="pair:1", status="pending")
        # claim tokens name the process: host:pid:run
        dead = {
            token
            for token in pending.exclude(claimed_by="").values_list("claimed_by", flat=True)
            if token.split(":")[1] == str(victim.process.pid)
        }
        held = pending.filter(claimed_by__in=dead).count()
        assert wait_for(lambda: not pending.exclude(claimed_by__in=dead).exists(), 60)
        enqueue_due_emails(now=timezone.now() + CLAIM_LEASE + UNSENT_GRACE)  # after the lease
        assert wait_for(lambda: sent_count() == total, 30)
    finally:
        victim.stop()
        survivor.stop()
    by_worker = len(deliveries(survivor_dir)), len(deliveries(victim_dir))
    assert held <= SEND_BATCH
    duplicates = assert_each_sent_once(
        deliveries(survivor_dir) + deliveries(victim_dir), recipients, "pair:1", at_most_twice=MARK_EVERY
    )
    print(f"written by survivor, victim: {by_worker}; victim held {held}; copies twice: {duplicates}")


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
