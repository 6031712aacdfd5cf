"""A member's own registration pages: register, choose and cancel workshops, ticket, my agenda, my events."""

import pytest

from events.models import Event, Registration, WorkshopChoice
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, SessionFactory, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(signups_world):
    return signups_world


@pytest.mark.parametrize(
    "path", ["register/", "workshops/", "ticket/", "registration/cancel/", "my-agenda.ics"]
)
def test_member_pages_ask_visitors_to_sign_in(client, world, path):
    url = f"/en/events/{world['event'].slug}/{path}"
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={url}")


@pytest.mark.parametrize("path", ["workshops/", "ticket/", "registration/cancel/", "my-agenda.ics"])
def test_member_pages_of_someone_not_registered_are_404(client, world, path):
    client.force_login(world["users"]["member"])
    assert client.get(f"/en/events/{world['event'].slug}/{path}").status_code == 404


def test_register_page_registers_and_goes_to_the_workshops(client, world):
    member = world["users"]["member"]
    client.force_login(member)
    event = world["event"]
    assert "Register for" in client.get(f"/en/events/{event.slug}/register/").content.decode()
    response = client.post(
        f"/en/events/{event.slug}/register/", {"accessibility_needs": "Captioning", "dietary_needs": ""}
    )
    assert response["Location"] == f"/en/events/{event.slug}/workshops/"
    registration = Registration.objects.get(event=event, user=member)
    assert (registration.status, registration.accessibility_needs) == ("confirmed", "Captioning")


def test_register_twice_from_two_tabs_makes_one_registration(client, world):
    member = world["users"]["member"]
    client.force_login(member)
    url = f"/en/events/{world['event'].slug}/register/"
    first = client.post(url, {})
    second = client.post(url, {})
    assert (first.status_code, second.status_code) == (302, 302)
    assert Registration.objects.filter(user=member).count() == 1


def test_register_for_a_closed_event_is_400_with_the_reason(client, world):
    event = EventFactory(status=Event.Status.PUBLISHED, registration_closes_at="2020-01-01T00:00Z")
    client.force_login(world["users"]["member"])
    response = client.post(f"/en/events/{event.slug}/register/", {})
    assert response.status_code == 400
    assert "Registration for this event is not open." in response.content.decode()


def test_register_with_too_long_needs_keeps_what_was_typed(client, world):
    client.force_login(world["users"]["member"])
    response = client.post(
        f"/en/events/{world['event'].slug}/register/",
        {"dietary_needs": "x" * 2001, "accessibility_needs": "Ramp"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in html
    assert ">\nRamp</textarea>" in html
    assert not Registration.objects.filter(user=world["users"]["member"]).exists()


def test_workshops_page_shows_seats_and_refuses_an_overlap_saying_why(client, world):
    first, second, late = world["workshops"]
    client.force_login(world["attendee"])
    url = f"/en/events/{world['event'].slug}/workshops/"
    html = client.get(url).content.decode()
    assert "You have a seat." in html
    assert "2 seats left." in html
    response = client.post(url, {"workshops": [first.pk, second.pk]})
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "“Strategy” overlaps “Risk”: choose one of the two." in html or "“Risk” overlaps “Strategy”" in html
    )
    assert list(world["registration"].choices.values_list("session", flat=True)) == [first.pk]
    response = client.post(url, {"workshops": [first.pk, late.pk]})
    assert response["Location"] == "/en/events/my-events/"
    assert set(world["registration"].choices.values_list("session", flat=True)) == {first.pk, late.pk}


def test_my_events_shows_workshops_positions_and_cancel_buttons(client, world):
    first = world["workshops"][0]
    others = [signups.register(event=world["event"], member=UserFactory()) for _ in range(2)]
    for registration in others:
        signups.choose_workshops(registration=registration, sessions=[first])
    client.force_login(others[1].user)
    html = client.get("/en/events/my-events/").content.decode()
    assert "Number 1 on the waitlist" in html
    assert f'href="/en/events/{world["event"].slug}/workshops/{others[1].choices.get().pk}/cancel/"' in html
    assert "My ticket (QR code)" in html


def test_cancel_a_workshop_from_my_events_promotes_the_next(
    client, world, django_capture_on_commit_callbacks
):
    first = world["workshops"][0]
    others = [signups.register(event=world["event"], member=UserFactory()) for _ in range(2)]
    for registration in others:
        signups.choose_workshops(registration=registration, sessions=[first])
    client.force_login(world["attendee"])
    choice = world["registration"].choices.get()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/en/events/{world['event'].slug}/workshops/{choice.pk}/cancel/")
    assert response.status_code == 302
    assert others[1].choices.get().status == "confirmed"
    assert OutboundEmail.objects.filter(kind="workshop_promoted", recipient=others[1].user).count() == 1
    assert len(callbacks) == 1


def test_leave_a_workshop_asks_first_and_changes_nothing_until_confirmed(client, world):
    first = world["workshops"][0]
    seated, waiting = [signups.register(event=world["event"], member=UserFactory()) for _ in range(2)]
    for registration in (seated, waiting):
        signups.choose_workshops(registration=registration, sessions=[first])
    client.force_login(world["attendee"])
    choice = world["registration"].choices.get()
    response = client.get(f"/en/events/{world['event'].slug}/workshops/{choice.pk}/cancel/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Leave the workshop “{first.title_en}”?" in html
    assert "Your seat may go to the next person on the waitlist at once" in html
    assert '<button type="submit" class="button-danger">Leave the workshop</button>' in html
    assert 'href="/en/events/my-events/">Keep my place</a>' in html
    assert WorkshopChoice.objects.get(pk=choice.pk).status == "confirmed"
    assert waiting.choices.get().status == "waitlisted"
    assert not OutboundEmail.objects.filter(kind="workshop_promoted").exists()


def test_leave_a_workshop_on_the_waitlist_says_the_place_in_line_is_lost(client, world):
    first = world["workshops"][0]
    seated, waiting = [signups.register(event=world["event"], member=UserFactory()) for _ in range(2)]
    for registration in (seated, waiting):
        signups.choose_workshops(registration=registration, sessions=[first])
    client.force_login(waiting.user)
    html = client.get(f"/en/events/{world['event'].slug}/workshops/{waiting.choices.get().pk}/cancel/")
    assert "You will lose your place on the waitlist." in html.content.decode()


def test_leave_a_workshop_confirmed_twice_leaves_once_and_promotes_once(client, world):
    first = world["workshops"][0]
    waiting = [signups.register(event=world["event"], member=UserFactory()) for _ in range(3)]
    for registration in waiting:
        signups.choose_workshops(registration=registration, sessions=[first])
    client.force_login(world["attendee"])
    choice = world["registration"].choices.get()
    url = f"/en/events/{world['event'].slug}/workshops/{choice.pk}/cancel/"
    responses = [client.post(url), client.post(url)]
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, "/en/events/my-events/")] * 2
    assert not WorkshopChoice.objects.filter(pk=choice.pk).exists()
    assert [r.choices.get().status for r in waiting] == ["confirmed", "confirmed", "waitlisted"]
    assert OutboundEmail.objects.filter(kind="workshop_promoted").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_leave_someone_elses_workshop_is_404_and_changes_nothing(client, world, method):
    other = signups.register(event=world["event"], member=UserFactory())
    signups.choose_workshops(registration=other, sessions=[world["workshops"][2]])
    choice = other.choices.get()
    client.force_login(world["attendee"])
    response = getattr(client, method)(f"/en/events/{world['event'].slug}/workshops/{choice.pk}/cancel/")
    assert response.status_code == 404
    assert WorkshopChoice.objects.get(pk=choice.pk).status == "confirmed"


def test_cancel_my_registration_asks_then_cancels(client, world):
    client.force_login(world["attendee"])
    url = f"/en/events/{world['event'].slug}/registration/cancel/"
    assert "Cancel your registration for" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    world["registration"].refresh_from_db()
    assert world["registration"].status == "cancelled"
    assert not WorkshopChoice.objects.filter(registration=world["registration"]).exists()


def test_ticket_has_an_inline_svg_qr_code_to_the_check_in_page(client, world):
    client.force_login(world["attendee"])
    html = client.get(f"/en/events/{world['event'].slug}/ticket/").content.decode()
    assert '<svg role="img" aria-label="QR code of your ticket for check-in"' in html
    assert str(world["registration"].ticket_code) in html


def test_my_agenda_ics_has_plenaries_and_my_confirmed_workshops_only(client, world):
    SessionFactory(event=world["event"], title_en="Opening keynote", kind="keynote")
    client.force_login(world["attendee"])
    body = client.get(f"/en/events/{world['event'].slug}/my-agenda.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Opening keynote" in body and "SUMMARY:Strategy" in body and "Risk" not in body


def test_needs_are_not_shown_on_public_pages(client, world):
    client.force_login(world["users"]["member"])
    assert "Végétarien" not in client.get(world["event"].get_absolute_url()).content.decode()


def test_my_events_queries_do_not_grow_with_registrations(client, world):
    member = world["attendee"]
    client.force_login(member)

    def grow():
        for _ in range(5):
            event = EventFactory()
            first = workshop(event, 13)
            registration = signups.register(event=event, member=member)
            signups.choose_workshops(registration=registration, sessions=[first])

    assert_constant_queries(client, "/en/events/my-events/", grow)


def test_registering_from_a_french_page_says_the_registration_is_confirmed(client, world):
    """Inclusive wording: « Votre inscription est confirmée », never « Vous êtes inscrit »."""
    client.force_login(world["users"]["member"])
    url = f"/fr/evenements/{world['event'].slug}/inscription/"
    html = client.post(url, {}, follow=True).content.decode()
    assert "Votre inscription est confirmée." in html
    assert "inscrit." not in html


# Registering and picking workshops in one submission ------------------------------------------


def test_register_page_offers_the_workshops_with_their_seats(client, world):
    client.force_login(world["users"]["member"])
    html = client.get(f"/en/events/{world['event'].slug}/register/").content.decode()
    assert 'name="workshops"' in html
    assert "Strategy" in html and "Basics" in html
    assert "1 seat left." in html  # Strategy: the attendee has one of its two seats


def test_register_with_workshops_takes_them_in_the_same_post(client, world):
    first, _second, late = world["workshops"]
    member = world["users"]["member"]
    client.force_login(member)
    url = f"/en/events/{world['event'].slug}/register/"
    response = client.post(url, {"dietary_needs": "Vegan", "workshops": [first.pk, late.pk]}, follow=True)
    assert response.redirect_chain == [("/en/events/my-events/", 302)]
    html = response.content.decode()
    assert "You are registered." in html and "Your workshops are saved." in html
    registration = Registration.objects.get(event=world["event"], user=member)
    assert (registration.status, registration.dietary_needs) == ("confirmed", "Vegan")
    assert sorted(registration.choices.values_list("session_id", "status")) == [
        (first.pk, "confirmed"),
        (late.pk, "confirmed"),
    ]
    first.refresh_from_db()
    assert (first.confirmed_count, first.waitlist_count) == (2, 0)
    emails = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.REGISTRATION_RECEIVED, recipient=member)
    assert emails.count() == 1


def test_register_with_workshops_twice_from_two_tabs_makes_one_registration_and_one_of_each(client, world):
    first = world["workshops"][0]
    member = world["users"]["member"]
    client.force_login(member)
    url = f"/en/events/{world['event'].slug}/register/"
    answers = [client.post(url, {"workshops": [first.pk]}).status_code for _ in range(2)]
    assert answers == [302, 302]
    registration = Registration.objects.get(event=world["event"], user=member)
    assert list(registration.choices.values_list("session_id", flat=True)) == [first.pk]
    world["event"].refresh_from_db()
    assert world["event"].confirmed_count == 2  # the attendee and this member, once


def test_register_with_overlapping_workshops_in_french_is_400_next_to_the_field_and_saves_nothing(
    client, world
):
    first, second, _late = world["workshops"]
    member = world["users"]["member"]
    client.force_login(member)
    url = f"/fr/evenements/{world['event'].slug}/inscription/"
    response = client.post(url, {"accessibility_needs": "Rampe", "workshops": [first.pk, second.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    errors = html[html.index('id="id_workshops_error"') :]
    errors = errors[: errors.index("</ul>")]
    assert "a lieu en même temps que" in errors
    assert f'value="{first.pk}" id="workshop-{first.pk}" checked' in html
    assert ">\nRampe</textarea>" in html
    assert not Registration.objects.filter(user=member).exists()


def test_register_with_an_unknown_workshop_is_400_and_saves_nothing(client, world):
    member = world["users"]["member"]
    client.force_login(member)
    other_event_workshop = workshop(EventFactory(), 13)
    response = client.post(
        f"/en/events/{world['event'].slug}/register/", {"workshops": [other_event_workshop.pk]}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Registration.objects.filter(user=member).exists()


def test_register_with_workshops_when_the_event_is_full_waitlists_without_them_and_says_so(client, world):
    event = EventFactory(capacity=1, max_workshops_per_person=1)
    session = workshop(event, 13, title_en="Strategy", capacity=5)
    signups.register(event=event, member=UserFactory())
    member = world["users"]["member"]
    client.force_login(member)
    url = f"/en/events/{event.slug}/register/"
    assert 'name="workshops"' not in client.get(url).content.decode()  # full: nothing to pick
    response = client.post(url, {"workshops": [session.pk]}, follow=True)  # a page loaded earlier
    html = response.content.decode()
    assert "you are number 1 on the waitlist." in html
    assert "Your workshops were not saved: you can choose them once your registration is confirmed." in html
    registration = Registration.objects.get(event=event, user=member)
    assert (registration.status, registration.waitlist_position) == ("waitlisted", 1)
    assert not registration.choices.exists()
    session.refresh_from_db()
    assert session.confirmed_count == 0


def test_register_with_workshops_from_a_french_page_stays_in_french(client, world):
    first = world["workshops"][0]
    client.force_login(world["users"]["member"])
    url = f"/fr/evenements/{world['event'].slug}/inscription/"
    response = client.post(url, {"workshops": [first.pk]}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/fr/")
    html = response.content.decode()
    assert "Votre inscription est confirmée." in html
    assert "Vos ateliers sont enregistrés." in html


def test_register_refused_without_picks_offers_the_workshops_again(client, world):
    client.force_login(world["users"]["member"])
    response = client.post(f"/en/events/{world['event'].slug}/register/", {"dietary_needs": "x" * 2001})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="workshops"' in html and "Basics" in html


def test_register_page_queries_do_not_grow_with_workshops_and_registrations(client, world):
    client.force_login(world["users"]["member"])
    event = world["event"]

    def grow():
        for hour in (10, 11):
            for _ in range(3):
                session = workshop(event, hour, capacity=5)
                for _ in range(2):
                    signups.register(event=event, member=UserFactory(), sessions=[session])

    assert_constant_queries(client, f"/en/events/{event.slug}/register/", grow)
