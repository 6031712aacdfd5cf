"""`make bench`: every page of the registration rush, anonymous and signed in, against a minimal view.

In one gunicorn run: the minimal view, then the demo event page, the events list and a long discussion
for visitors; then the event page, the register page (members not yet registered), the workshop choice
page, My events, the ticket and the discussion for signed-in members. Signed-in requests carry one
member's session cookie each, taken in turn from a few members, so no page is measured for one person.
Session cookies are made beforehand (as in test_signup_rush_bench), so no sign-in form is timed.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.benchmarks.harness import MINIMAL_PATH, goal, measure, print_report, record, serve
from tests.benchmarks.test_signup_rush_bench import CSRF, in_portal

SLUG = "social-media-learning-day-2027"
EVENT = f"/en/events/{SLUG}/"
EVENTS = "/en/events/"
MEMBERS = 8  # of each kind: registered with two workshops, and not registered yet
DOMAIN = "pages.bench.gc.ca"


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={CSRF}"


def prepare():
    """Members registered for the demo event with one workshop per afternoon slot, members not registered,
    a session cookie for each, and the long benchmark discussion."""
    from events.models import Event
    from events.queries.registration import workshop_slots, workshops_of
    from events.services.registration import choose_workshops, register
    from members.models import User
    from tests.benchmarks.test_communities_bench import ensure_long_thread

    User.objects.filter(email__endswith="@" + DOMAIN).delete()
    event = Event.objects.get(slug=SLUG)
    slots = workshop_slots(workshops_of(event))
    registered = User.objects.bulk_create(
        User(email=f"registered{n}@{DOMAIN}", full_name=f"Registered Member {n}", password="!")
        for n in range(MEMBERS)
    )
    newcomers = User.objects.bulk_create(
        User(email=f"newcomer{n}@{DOMAIN}", full_name=f"New Member {n}", password="!") for n in range(MEMBERS)
    )
    for n, user in enumerate(registered):  # through the services, so every counter they keep is right
        registration = register(event=event, member=user)
        choose_workshops(
            registration=registration, sessions=[slot.sessions[n % len(slot.sessions)] for slot in slots[:2]]
        )
    thread_url, _pages = ensure_long_thread()
    return {
        "registered": [session_cookie(user) for user in registered],
        "newcomers": [session_cookie(user) for user in newcomers],
        "thread": thread_url,
    }


def test_rush_pages_throughput():
    prepared = in_portal("prepare", module="tests.benchmarks.test_rush_pages_bench")
    registered, newcomers, thread = prepared["registered"], prepared["newcomers"], prepared["thread"]
    with serve() as base:
        rows = [
            measure("minimal Django view", base + MINIMAL_PATH),
            measure("event page, anonymous", base + EVENT),
            measure("events list, anonymous", base + EVENTS),
            measure("thread, anonymous", base + thread),
            measure("event page, signed in", base + EVENT, cookies=registered),
            measure("register, signed in", base + EVENT + "register/", cookies=newcomers),
            measure("workshops, signed in", base + EVENT + "workshops/", cookies=registered),
            measure("My events, signed in", base + "/en/events/my-events/", cookies=registered),
            measure("ticket, signed in", base + EVENT + "ticket/", cookies=registered),
            measure("thread, signed in", base + thread, cookies=registered),
            measure("minimal Django view, again", base + MINIMAL_PATH),
        ]
    print_report(rows, title="Rush-path pages against a minimal view")
    assert [row["failures"] for row in rows] == [0] * len(rows)  # a benchmark of error pages means nothing
    # The machine may be busier at the end than at the start: each page against the mean of both.
    minimal = (rows[0]["rps"] + rows[-1]["rps"]) / 2
    ratios = {row["name"]: row["rps"] / minimal for row in rows[1:-1]}
    targets = {name: 0.5 if "anonymous" in name else 0.25 for name in ratios}
    record(
        "pages",
        {row["name"]: {key: round(value, 2) for key, value in row.items() if key != "name"} for row in rows},
        [goal(f"{name} / minimal", ratio, targets[name]) for name, ratio in ratios.items()],
    )
