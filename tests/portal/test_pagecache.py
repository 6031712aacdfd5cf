"""nmc_portal.pagecache.Fingerprint: SQL compiled once, the same versions as building the querysets anew."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Session
from nmc_portal import pagecache
from tests.events.factories import EventFactory, workshop

pytestmark = pytest.mark.django_db


def querysets(event_id, now):
    return (Session.objects.filter(event=event_id, starts_at__lt=now).values("pk", "title_en"),)


def test_compiled_fingerprint_matches_a_fresh_one_for_every_argument():
    compiled = pagecache.Fingerprint(querysets, int, dt.datetime)
    first, second = EventFactory(), EventFactory()
    workshop(first, 13)
    later = timezone.now() + dt.timedelta(days=3650)
    for event, now in [(first, later), (second, later), (first, timezone.now())]:
        assert compiled(event.pk, now) == pagecache.fingerprint(*querysets(event.pk, now))
    assert compiled(first.pk, later) != compiled(second.pk, later)
    assert compiled(first.pk, later) != compiled(first.pk, timezone.now())  # the workshop is not yet


def test_an_argument_that_does_not_reach_the_sql_as_a_parameter_is_refused():
    """It would be frozen at its first value: the compiled SQL could never change with it."""
    unused = pagecache.Fingerprint(lambda event_id: (Session.objects.values("pk"),), int)
    with pytest.raises(ValueError):
        unused(1)


def test_a_slug_argument_reaches_the_sql_as_a_parameter():
    compiled = pagecache.Fingerprint(
        lambda slug: (Session.objects.filter(event__slug=slug).values("pk", "title_en"),), str
    )
    first, second = EventFactory(), EventFactory()
    workshop(first, 13)
    assert compiled(first.slug) == pagecache.fingerprint(*compiled.build(first.slug))
    assert compiled(first.slug) != compiled(second.slug)
    assert compiled("~stand-in 0~") == compiled(second.slug)  # no rows: the same empty version


def test_each_thread_prepares_on_its_own_connection(transactional_db):
    """Threads have their own server connections: what one prepared, another has not (a set kept on the
    shared `connection` proxy made every thread but the first fail)."""
    import threading

    from django.db import connection

    compiled = pagecache.Fingerprint(
        lambda event_id: (Session.objects.filter(event=event_id).values("pk"),), int
    )
    event = EventFactory()
    expected = compiled(event.pk)
    found, errors = [], []

    def other_thread():
        try:
            found.append(compiled(event.pk))
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert errors == [] and found == [expected]
