"""The pages of a registration rush: their queries do not grow with the data, and what is kept in the
process (nmc_portal.pagecache) is never stale and never served to a signed-in member."""

import datetime as dt
import time

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Event
from events.services import agenda
from events.services import registration as signups
from nmc_portal import pagecache
from surveys.models import Survey
from tests.events.factories import EventFactory, PartnerFactory, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, count_queries
from tests.learning.factories import bulk_resources

pytestmark = pytest.mark.django_db


def grow_event(event):
    """More of everything the rush pages show: partners, workshops, materials, other registrations."""
    for _ in range(4):
        event.partners.add(PartnerFactory())
    for hour in (9, 10, 11):
        workshop(event, hour)
    bulk_resources(10, event=event)
    for _ in range(10):
        signups.register(event=event, member=UserFactory())


@pytest.fixture(autouse=True)
def one_of_each(signups_world):
    """The small size: one partner and one material already (an empty list skips its prefetch)."""
    signups_world["event"].partners.add(PartnerFactory())
    bulk_resources(1, event=signups_world["event"])


def assert_constant_cached_queries(client, url, grow):
    """As assert_constant_queries, for a page served from the page cache: each count after a first GET."""
    client.get(url)
    small, response = count_queries(client.get, url)
    assert response.status_code == 200
    grow()
    client.get(url)
    large, response = count_queries(client.get, url)
    assert response.status_code == 200
    assert small == large, f"{url}: {small} queries before growing the data, {large} after"
    return small


@pytest.fixture
def registered(signups_world):
    """The attendee of signups_world (confirmed, one workshop), signed in."""
    client = Client()
    client.force_login(signups_world["attendee"])
    return client


@pytest.mark.parametrize("cached", [False, True])
def test_event_page_anonymous_queries_do_not_grow(client, signups_world, cached):
    event = signups_world["event"]
    url, grow = event.get_absolute_url(), lambda: grow_event(event)
    if cached:
        assert assert_constant_cached_queries(client, url, grow) == 1  # its page's version, by its address
    else:
        assert_constant_queries(client, url, grow, before_each=pagecache.clear)


@pytest.mark.parametrize(
    "path",
    ["", "register/", "workshops/", "ticket/", "/en/events/my-events/"],
    ids=lambda path: path or "event",
)
def test_signed_in_rush_pages_queries_do_not_grow(signups_world, path):
    event = signups_world["event"]
    client = Client()
    if path == "register/":
        client.force_login(signups_world["users"]["member"])  # not registered yet
    else:
        client.force_login(signups_world["attendee"])
    url = path if path.startswith("/") else event.get_absolute_url() + path
    assert_constant_queries(client, url, lambda: grow_event(event), before_each=pagecache.clear)
    assert_constant_cached_queries(client, url, lambda: grow_event(event))  # fragments kept


def test_events_list_cached_queries_do_not_grow(client):
    EventFactory()
    grow = lambda: [EventFactory() for _ in range(20)]  # noqa: E731 (a one-line callback)
    assert assert_constant_cached_queries(client, "/en/events/", grow) == 1  # the version of the list


def anonymous_html(url):
    return Client().get(url).content.decode()


def test_event_page_shows_a_new_title_at_once(signups_world):
    event = signups_world["event"]
    assert "Learning day" in anonymous_html(event.get_absolute_url())
    agenda.update_event(event=event, title_en="Rush Day 2030")
    assert "Rush Day 2030" in anonymous_html(event.get_absolute_url())
    Event.objects.filter(pk=event.pk).update(description_en="Saved through SQL.")  # updated_at as it was
    assert "Saved through SQL." in anonymous_html(event.get_absolute_url())


def test_event_page_shows_a_cancellation_at_once(signups_world):
    event = signups_world["event"]
    assert "Register</a>" in anonymous_html(event.get_absolute_url())
    agenda.cancel_event(event=event)
    html = anonymous_html(event.get_absolute_url())
    assert "This event is cancelled." in html and "Register</a>" not in html


def test_event_page_closes_registration_when_its_window_ends(signups_world):
    """Time alone changes the page: nothing is saved when the registration window closes."""
    event = signups_world["event"]
    closes = timezone.now() + dt.timedelta(seconds=1)
    Event.objects.filter(pk=event.pk).update(registration_closes_at=closes, updated_at=timezone.now())
    html = anonymous_html(event.get_absolute_url())
    assert "Register</a>" in html
    while timezone.now() < closes:  # the window closes; the cached page must not outlive it
        time.sleep(0.05)
    html = anonymous_html(event.get_absolute_url())
    assert "Registration is not open." in html and "Register</a>" not in html


def test_event_page_shows_a_renamed_partner_and_a_new_consultation(signups_world):
    event = signups_world["event"]
    partner = PartnerFactory(name_en="Pacific Council")
    event.partners.add(partner)
    assert "Pacific Council" in anonymous_html(event.get_absolute_url())
    partner.name_en = "Pacific Federal Council"
    partner.save()  # the admin's way: nothing touches the event
    Survey.objects.create(
        event=event, kind=Survey.Kind.NEEDS, title_en="What should we cover?", opens_at=timezone.now()
    )
    html = anonymous_html(event.get_absolute_url())
    assert "Pacific Federal Council" in html and "What should we cover?" in html


def test_events_list_shows_a_new_event_and_a_new_title_at_once(signups_world):
    event = signups_world["event"]
    assert event.title_en in anonymous_html("/en/events/")
    agenda.update_event(event=event, title_en="Renamed Day")
    EventFactory(title_en="Brand New Forum")
    html = anonymous_html("/en/events/")
    assert "Renamed Day" in html and "Brand New Forum" in html
    Event.objects.filter(pk=event.pk).update(title_en="Renamed through SQL")  # updated_at as it was
    assert "Renamed through SQL" in anonymous_html("/en/events/")


def test_signed_in_member_never_gets_the_anonymous_page(signups_world, registered):
    event = signups_world["event"]
    anonymous = anonymous_html(event.get_absolute_url())
    assert "Sign out" not in anonymous and "csrfmiddlewaretoken" not in anonymous
    html = registered.get(event.get_absolute_url()).content.decode()
    assert "Sign out" in html and "csrfmiddlewaretoken" in html
    assert "You are registered." in html and "Register</a>" not in html
    # and a visitor after them gets the visitor's page, not the member's
    assert "You are registered." not in anonymous_html(event.get_absolute_url())


def test_members_see_members_only_materials_visitors_do_not(signups_world, registered):
    event = signups_world["event"]
    bulk_resources(1, event=event, audience="members", title_en="Members-only slides")
    assert "Members-only slides" not in anonymous_html(event.get_absolute_url())
    assert "Members-only slides" in registered.get(event.get_absolute_url()).content.decode()


def test_messages_after_a_post_still_appear(signups_world, registered):
    event = signups_world["event"]
    anonymous_html(event.get_absolute_url())
    response = registered.post(event.get_absolute_url() + "registration/cancel/", follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    html = registered.get(event.get_absolute_url()).content.decode()
    assert "Register</a>" in html and "Your registration is cancelled." not in html


def test_event_put_back_to_draft_is_hidden_from_visitors_at_once(signups_world):
    """The kept page is found by the event's address; its row is part of the version, so a visitor never
    gets a page an organizer took back, even though nothing else is loaded on a hit."""
    event = signups_world["event"]
    assert Client().get(event.get_absolute_url()).status_code == 200
    assert Client().get(event.get_absolute_url()).status_code == 200  # from the page cache
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)  # updated_at as it was
    assert Client().get(event.get_absolute_url()).status_code == 404
    assert Client().get("/en/events/no-such-event/").status_code == 404
