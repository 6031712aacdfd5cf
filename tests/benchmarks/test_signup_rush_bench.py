"""`make bench`: the sign-up rush. 500 members choose workshops at the same moment, over HTTP, against
gunicorn (several workers) on PostgreSQL: six 30-seat workshops in two time slots, two per person.

Session cookies and CSRF tokens are made beforehand, so the timed part is only the sign-ups. Afterwards
the database must show no workshop above its capacity (oversold = 0) and every member with both
choices recorded, confirmed or waitlisted (lost = 0).
"""

import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from tests.benchmarks.harness import BASE_DIR, WORKERS, serve

MEMBERS = 500
CLIENTS = 50  # concurrent HTTP clients
SEATS = 30
SLUG = "signup-rush-bench"
CSRF = "benchcsrfsecretbenchcsrfsecret00"  # a 32-character CSRF secret, as the cookie carries it


def prepare():
    """A published event with six workshops and 500 registered members, each with a session cookie."""
    from events.models import Event, Registration, Session
    from members.models import User

    Event.objects.filter(slug=SLUG).delete()
    User.objects.filter(email__endswith="@rush.bench.gc.ca").delete()
    event = Event.objects.create(
        slug=SLUG,
        title_en="Sign-up rush",
        kind=Event.Kind.LEARNING_DAY,
        status=Event.Status.PUBLISHED,
        timezone="America/Vancouver",
        start_date=timezone.localdate() + dt.timedelta(days=60),
        end_date=timezone.localdate() + dt.timedelta(days=60),
        venue_en="Vancouver",
        venue_fr="Vancouver",
        capacity=MEMBERS,
        max_workshops_per_person=2,
    )
    slots = []
    for hour in (13, 15):
        start = event.at_venue(event.start_date, dt.time(hour))
        slots.append(
            [
                Session.objects.create(
                    event=event,
                    kind=Session.Kind.WORKSHOP,
                    title_en=f"Workshop {hour}:{n}",
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=75),
                    capacity=SEATS,
                )
                for n in range(3)
            ]
        )
    users = User.objects.bulk_create(
        User(email=f"member{n}@rush.bench.gc.ca", full_name=f"Member {n}", password="!")
        for n in range(MEMBERS)
    )
    Registration.objects.bulk_create(
        Registration(event=event, user=user, status=Registration.Status.CONFIRMED) for user in users
    )
    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={CSRF}"
        )
    return {"slots": [[w.pk for w in slot] for slot in slots], "cookies": cookies}


def verify():
    """What the database holds after the rush: seats taken per workshop, choices per member, waitlists."""
    from events.models import Event, WorkshopChoice

    event = Event.objects.get(slug=SLUG)
    choices = list(
        WorkshopChoice.objects.filter(session__event=event).values("session_id", "status", "registration_id")
    )
    confirmed, per_member = {}, {}
    for choice in choices:
        confirmed.setdefault(choice["session_id"], 0)
        if choice["status"] == "confirmed":
            confirmed[choice["session_id"]] += 1
        per_member[choice["registration_id"]] = per_member.get(choice["registration_id"], 0) + 1
    gaps = []
    for session in event.sessions.all():
        positions = sorted(
            WorkshopChoice.objects.filter(session=session, status="waitlisted").values_list(
                "waitlist_position", flat=True
            )
        )
        if positions != list(range(1, len(positions) + 1)):
            gaps.append(session.title_en)
    return {"confirmed": list(confirmed.values()), "per_member": list(per_member.values()), "gaps": gaps}


def in_portal(function, module="tests.benchmarks.test_signup_rush_bench"):
    """Run prepare() or verify() in a process with the settings gunicorn serves: the same database for sure
    (pytest-django may have pointed this process at a test database for another benchmark)."""
    code = (
        "import json, django; django.setup(); "
        f"from {module} import {function}; print(json.dumps({function}()))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings_bench"}
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def sign_up(base_url, path, jobs, results):
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    for cookie, body in jobs:
        started = time.perf_counter()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            status = None
        results.append((status, time.perf_counter() - started))
    connection.close()


def test_signup_rush():
    prepared = in_portal("prepare")
    slots, cookies = prepared["slots"], prepared["cookies"]
    chooser = random.Random(2027)
    jobs = [
        (
            cookie,
            urllib.parse.urlencode(
                [
                    ("csrfmiddlewaretoken", CSRF),
                    ("workshops", chooser.choice(slots[0])),
                    ("workshops", chooser.choice(slots[1])),
                ]
            ),
        )
        for cookie in cookies
    ]
    path = f"/en/events/{SLUG}/workshops/"
    results = []
    with serve() as base_url:
        threads = [
            threading.Thread(target=sign_up, args=(base_url, path, jobs[n::CLIENTS], results))
            for n in range(CLIENTS)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started

    state = in_portal("verify")
    confirmed = state["confirmed"]
    oversold = sum(max(0, n - SEATS) for n in confirmed)
    answered = sum(1 for status, _latency in results if status == 302)
    lost = (
        (MEMBERS - answered)
        + (MEMBERS - len(state["per_member"]))
        + sum(1 for n in state["per_member"] if n != 2)
    )
    latencies = sorted(latency for _status, latency in results)
    print(f"\nSign-up rush ({WORKERS} gunicorn workers, {CLIENTS} concurrent clients, {MEMBERS} members)")
    print(f"sign-ups per second   {MEMBERS / elapsed:8.1f}")
    print(f"p50 latency ms        {statistics.median(latencies) * 1000:8.1f}")
    print(f"p99 latency ms        {latencies[int(len(latencies) * 0.99) - 1] * 1000:8.1f}")
    print(
        f"confirmed per workshop {sorted(confirmed)} (seats: {SEATS} each); "
        f"waitlists without gaps: {not state['gaps']}"
    )
    print(f"oversold = {oversold}, lost = {lost}", flush=True)
    assert sorted(set(status for status, _latency in results)) == [302]
    assert (oversold, lost) == (0, 0)
    assert state["gaps"] == []
    assert confirmed == [SEATS] * 6  # 500 people for 180 seats: every seat taken
