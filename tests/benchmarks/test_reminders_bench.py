"""`make bench`: reminder fan-out. 10,000 registrations, one beat tick records a reminder for each (with
each member's own agenda), one Celery worker process sends them through the real Redis broker into
Django's file backend, in batches (nmc_portal.emails.SEND_BATCH per task). Prints and records emails per
second from the commit to the last one sent (the rows' sent_at), the recording time; checks and records
duplicates = 0 and missing = 0 (copies in the mail files, and rows not sent).
"""

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from events import notifications
from events.models import Event, Registration, Room, Session, WorkshopChoice
from members.models import User
from nmc_portal.celery import app as celery_app
from nmc_portal.emails import SEND_BATCH
from nmc_portal.models import OutboundEmail
from tests.benchmarks.harness import goal, record
from tests.portal.celery_processes import Worker, deliveries, per_recipient, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

REGISTRATIONS = int(os.environ.get("BENCH_REMINDERS", "10000"))


def prepare():
    start = timezone.localdate() + dt.timedelta(days=10)
    event = Event.objects.create(
        slug="reminder-fan-out-bench",
        title_en="Reminder fan-out",
        title_fr="Rappels en nombre",
        kind=Event.Kind.LEARNING_DAY,
        status=Event.Status.PUBLISHED,
        timezone="America/Vancouver",
        start_date=start,
        end_date=start,
        venue_en="Vancouver",
        venue_fr="Vancouver",
        max_workshops_per_person=1,
        reminder_days=[7, 1],
    )
    hall = Room.objects.create(event=event, name_en="Main hall", name_fr="Grande salle")
    Session.objects.create(
        event=event, kind="keynote", title_en="Keynote", title_fr="Conférence", room=hall,
        starts_at=event.at_venue(start, dt.time(9)), ends_at=event.at_venue(start, dt.time(10)),
    )  # fmt: skip
    workshops = [
        Session.objects.create(
            event=event,
            kind="workshop",
            title_en=f"Workshop {n}",
            title_fr=f"Atelier {n}",
            starts_at=event.at_venue(start, dt.time(13)),
            ends_at=event.at_venue(start, dt.time(14)),
        )  # fmt: skip
        for n in range(2)
    ]
    users = User.objects.bulk_create(
        User(
            email=f"r{n:05d}@fanout.bench.gc.ca",
            full_name=f"Member {n}",
            preferred_language="fr" if n % 3 else "en",
        )
        for n in range(REGISTRATIONS)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event, user=user, status=Registration.Status.CONFIRMED, confirmed_at=timezone.now()
        )
        for user in users
    )
    WorkshopChoice.objects.bulk_create(
        WorkshopChoice(registration=r, session=workshops[n % 2], status=WorkshopChoice.Status.CONFIRMED)
        for n, r in enumerate(registrations)
        if n % 2 == 0
    )
    return event, {u.email for u in users}


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_reminder_fan_out(tmp_path):
    event, expected = prepare()
    celery_app.control.purge()
    worker = Worker(tmp_path, name="bench").start()
    reminders = OutboundEmail.objects.filter(kind="event_reminder")
    try:
        assert wait_for(lambda: bool(celery_app.control.ping(timeout=0.5)), 60), "the worker did not start"
        now = event.first_starts_at() - dt.timedelta(days=6)  # the 7-day reminder is due
        committed = []
        worker_cpu = cpu_seconds(worker.process.pid)  # idle until the commit
        started = time.perf_counter()
        with transaction.atomic():
            # Registered first, so it runs first at the commit, before the batches are enqueued.
            transaction.on_commit(lambda: committed.append((time.perf_counter(), timezone.now())))
            recorded = notifications.send_due_reminders(now=now)
        fanned_out = time.perf_counter() - started
        recording = committed[0][0] - started
        again = notifications.send_due_reminders(now=now)  # a second beat tick: nothing more
        wait_for(lambda: not reminders.filter(status="pending").exists(), 600, interval=0.5)
        # The worker's own CPU for the sending: the machine is shared, its wall time is not its own.
        worker_cpu = cpu_seconds(worker.process.pid) - worker_cpu if worker_cpu is not None else None
    finally:
        worker.stop()
    last_sent = reminders.aggregate(last=Max("sent_at"))["last"]
    sending = (last_sent - committed[0][1]).total_seconds()
    statuses = dict(reminders.order_by().values_list("status").annotate(n=Count("pk")))
    found = deliveries(tmp_path)
    by_recipient = per_recipient(found)
    duplicates = len(found) - len(by_recipient)
    missing = len(expected - set(by_recipient)) + statuses.get("pending", 0) + statuses.get("failed", 0)
    rate = REGISTRATIONS / sending
    print(
        f"\nReminder fan-out (one worker process, --pool solo, {REGISTRATIONS} registrations,"
        f" {SEND_BATCH} emails per task)"
    )
    print(
        f"recorded by one tick  {recorded:8d} in {recording:6.1f} s ({recorded / recording:.0f} per second)"
    )
    print(f"commit and enqueue    {fanned_out - recording:8.1f} s")
    print(f"second tick recorded  {again:8d}")
    print(f"emails per second     {rate:8.1f} (commit to last sent, {sending:.1f} s)")
    print(f"end to end per second {REGISTRATIONS / (recording + sending):8.1f} (tick to last sent)")
    if worker_cpu:
        print(
            f"worker CPU            {worker_cpu:8.1f} s"
            f" ({REGISTRATIONS / worker_cpu:.0f} emails per CPU second of the worker)"
        )
    print(f"rows by status        {statuses}")
    print(f"duplicates            {duplicates:8d}")
    print(f"missing               {missing:8d}")
    record(
        "reminders",
        {
            "registrations": REGISTRATIONS,
            "batch": SEND_BATCH,
            "recorded": recorded,
            "recording_s": round(recording, 2),
            "commit_and_enqueue_s": round(fanned_out - recording, 2),
            "sending_s": round(sending, 2),
            "emails_per_s_commit_to_last_sent": round(rate, 1),
            "emails_per_s_end_to_end": round(REGISTRATIONS / (recording + sending), 1),
            "worker_cpu_s": worker_cpu and round(worker_cpu, 2),
            "second_tick_recorded": again,
            "duplicates": duplicates,
            "missing": missing,
        },
        [
            goal("reminder emails/s (commit to last sent)", rate, 500),
            goal("duplicates", duplicates, 0, at_most=True),
            goal("missing", missing, 0, at_most=True),
        ],
    )
    assert (recorded, again, duplicates, missing) == (REGISTRATIONS, 0, 0, 0)
