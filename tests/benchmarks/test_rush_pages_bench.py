"""`make bench`: every page of the registration rush, anonymous and signed in, against a minimal view.

In one gunicorn run, each page right after the minimal view (the ratio compares the two, measured under
the same load: the machine is shared): the demo event page, the events list and a long discussion for
visitors; then the event page, the register page (members not yet registered), the workshop choice page,
My events, the ticket and the discussion for signed-in members. Signed-in requests carry one member's
session cookie each, taken in turn from a few members, so no page is measured for one person. Session
cookies are made beforehand (as in test_signup_rush_bench), so no sign-in form is timed.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.benchmarks.harness import MINIMAL_PATH, REQUESTS, goal, measure, print_report, record, serve
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
    pages = [
        ("event page, anonymous", EVENT, ()),
        ("events list, anonymous", EVENTS, ()),
        ("thread, anonymous", thread, ()),
        ("event page, signed in", EVENT, registered),
        ("register, signed in", EVENT + "register/", newcomers),
        ("workshops, signed in", EVENT + "workshops/", registered),
        ("My events, signed in", "/en/events/my-events/", registered),
        ("ticket, signed in", EVENT + "ticket/", registered),
        ("thread, signed in", thread, registered),
    ]
    rows, ratios = [], {}
    with serve() as base:
        # Every gunicorn worker warmed up first (imports, connections): else the first minimal view is
        # measured cold and the first page's ratio flatters it.
        measure("warm-up", base + MINIMAL_PATH, requests=REQUESTS)
        for name, path, cookies in pages:
            measure("warm-up", base + path, requests=40, cookies=cookies)
            # The minimal view measured just before each page: on a shared machine the load drifts within
            # a run, and a ratio means something only between two measurements made under the same load.
            minimal = measure("minimal Django view", base + MINIMAL_PATH, requests=REQUESTS // 2)
            row = measure(name, base + path, cookies=cookies)
            rows += [minimal, row]
            ratios[name] = row["rps"] / minimal["rps"]
    print("\nRush-path pages, each right after the minimal view (ratio: page / that minimal view)")
    for name, ratio in ratios.items():
        print(f"  {name:<28} {ratio:5.2f}")
    print_report(rows, title="Rush-path pages against a minimal view (ratios against the first row only)")
    assert [row["failures"] for row in rows] == [0] * len(rows)  # a benchmark of error pages means nothing
    targets = {name: 0.5 if "anonymous" in name else 0.25 for name in ratios}
    record(
        "pages",
        {
            name: {key: round(value, 2) for key, value in row.items() if key != "name"}
            | {"ratio": round(ratio, 3)}
            for (name, ratio), row in zip(ratios.items(), rows[1::2], strict=True)
        },
        [goal(f"{name} / minimal", ratio, targets[name]) for name, ratio in ratios.items()],
    )
