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
