"""Registration pages: members register, choose and cancel; organizers list, export, move, check in, email."""

import uuid

import pytest

from events.models import Event, Registration, WorkshopChoice
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "other_organizer", "organizer", "admin"]
# name, method, path under /en/events/manage/<slug>/, status for those who may manage
ORGANIZER_URLS = [
    ("registrations", "get", "registrations/", 200),
    ("registrations_csv", "get", "registrations/export.csv", 200),
    ("registration_cancel_for", "get", "registrations/{registration}/cancel/", 200),
    ("registration_cancel_for_post", "post", "registrations/{registration}/cancel/", 302),
    ("roster", "get", "workshops/{workshop}/", 200),
    ("choice_move", "post", "choices/{choice}/move/", 302),
    ("choice_cancel_for", "post", "choices/{choice}/cancel/", 302),
    ("check_in", "get", "check-in/{ticket}/", 200),
    ("check_in_post", "post", "check-in/{ticket}/", 302),
    ("check_in_count", "get", "check-in/count/", 200),
    ("message", "get", "message/", 200),
    ("message_post", "post", "message/", 400),  # empty form
    ("cancel", "get", "cancel/", 200),
    ("room_edit", "get", "rooms/{room}/edit/", 200),
    ("room_remove", "get", "rooms/{room}/remove/", 200),
]


@pytest.fixture
def world(db):
    from tests.events.factories import RoomFactory

    organizer, other_organizer = UserFactory(), UserFactory()
    event = EventFactory(organizers=[organizer], capacity=50)
    EventFactory(organizers=[other_organizer])
    first = workshop(event, 13, title_en="Strategy", title_fr="Stratégie", capacity=2)
    second = workshop(event, 13, title_en="Risk", title_fr="Risques", capacity=2)
    late = workshop(event, 14, 30, title_en="Basics", title_fr="Notions de base", capacity=2)
    attendee = UserFactory(full_name="Amélie Côté")
    registration = signups.register(event=event, member=attendee, dietary_needs="Végétarien")
    signups.choose_workshops(registration=registration, sessions=[first])
    return {
        "event": event,
        "workshops": (first, second, late),
        "registration": registration,
        "attendee": attendee,
        "room": RoomFactory(event=event),
        "users": {
            "visitor": None,
            "member": UserFactory(),
            "other_organizer": other_organizer,
            "organizer": organizer,
            "admin": UserFactory(is_staff=True, is_superuser=True),
        },
    }


def sign_in(client, world, role):
    if world["users"][role]:
        client.force_login(world["users"][role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "allowed"), ORGANIZER_URLS, ids=[u[0] for u in ORGANIZER_URLS]
)
def test_organizer_registration_url_permission_matrix(client, world, role, name, method, path, allowed):
    sign_in(client, world, role)
    registration = world["registration"]
    url = f"/en/events/manage/{world['event'].slug}/" + path.format(
        registration=registration.pk,
        workshop=world["workshops"][0].pk,
        choice=registration.choices.get().pk,
        ticket=registration.ticket_code,
        room=world["room"].pk,
    )
    data = {"to_session": world["workshops"][1].pk} if name == "choice_move" else {}
    response = getattr(client, method)(url, data)
    expected = {"visitor": 302, "member": 404, "other_organizer": 404}.get(role, allowed)
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"


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
    assert f'action="/en/events/{world["event"].slug}/workshops/{others[1].choices.get().pk}/cancel/"' in html
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
    from tests.events.factories import SessionFactory

    SessionFactory(event=world["event"], title_en="Opening keynote", kind="keynote")
    client.force_login(world["attendee"])
    body = client.get(f"/en/events/{world['event'].slug}/my-agenda.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Opening keynote" in body and "SUMMARY:Strategy" in body and "Risk" not in body


def test_registrations_list_searches_and_shows_needs_to_organizers(client, world):
    client.force_login(world["users"]["organizer"])
    signups.register(event=world["event"], member=UserFactory(full_name="Bob Tremblay"))
    url = f"/en/events/manage/{world['event'].slug}/registrations/"
    html = client.get(url, {"q": "amélie"}).content.decode()
    assert "Amélie Côté" in html and "Bob Tremblay" not in html
    assert "Végétarien" in html
    assert "1 of 2 (50%)" in html  # the fill rate in words, next to its bar


def test_needs_are_not_shown_on_public_pages(client, world):
    client.force_login(world["users"]["member"])
    assert "Végétarien" not in client.get(world["event"].get_absolute_url()).content.decode()


def test_csv_export_is_utf8_with_bom_and_keeps_accents(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.get(f"/en/events/manage/{world['event'].slug}/registrations/export.csv")
    body = response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,Email,Department,Region,Status")
    assert lines[1].startswith(f"Amélie Côté,{world['attendee'].email},")
    assert "Strategy" in lines[1] and "Végétarien" in lines[1]


def test_roster_move_and_cancel_on_someones_behalf(client, world):
    first, second, late = world["workshops"]
    client.force_login(world["users"]["organizer"])
    choice = world["registration"].choices.get()
    html = client.get(f"/en/events/manage/{world['event'].slug}/workshops/{first.pk}/").content.decode()
    assert "Amélie Côté" in html
    client.post(
        f"/en/events/manage/{world['event'].slug}/choices/{choice.pk}/move/", {"to_session": second.pk}
    )
    moved = world["registration"].choices.get()
    assert (moved.session, moved.status) == (second, "confirmed")
    client.post(f"/en/events/manage/{world['event'].slug}/choices/{moved.pk}/cancel/")
    assert not world["registration"].choices.exists()


def test_check_in_records_attendance_once_with_a_live_count(client, world):
    client.force_login(world["users"]["organizer"])
    url = f"/en/events/manage/{world['event'].slug}/check-in/{world['registration'].ticket_code}/"
    assert "0 of 1 participants checked in" in client.get(url).content.decode()
    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()
    assert "Checked in." in first and "1 of 1 participants checked in" in first
    assert "Already checked in: attendance is recorded once." in second
    count = client.get(f"/en/events/manage/{world['event'].slug}/check-in/count/").content.decode()
    assert "1 of 1 participants checked in" in count


def test_message_form_queues_one_email_per_person_even_when_sent_twice(client, world):
    client.force_login(world["users"]["organizer"])
    signups.register(event=world["event"], member=UserFactory())
    url = f"/en/events/manage/{world['event'].slug}/message/"
    data = {"audience": "event", "subject": "Parking", "body": "Lot B.", "token": str(uuid.uuid4())}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "Your message is on its way to 2 people." in response.content.decode()
    assert OutboundEmail.objects.filter(kind="organizer_message").count() == 2


def test_cancel_event_from_the_ui(client, world):
    client.force_login(world["users"]["organizer"])
    url = f"/en/events/manage/{world['event'].slug}/cancel/"
    assert "Cancel “" in client.get(url).content.decode()
    client.post(url)
    world["event"].refresh_from_db()
    assert world["event"].status == "cancelled"


def test_edit_and_remove_a_room(client, world):
    client.force_login(world["users"]["organizer"])
    room = world["room"]
    base = f"/en/events/manage/{world['event'].slug}/rooms/{room.pk}/"
    assert client.post(base + "edit/", {"name_en": "Salon A", "capacity": "20"}).status_code == 302
    room.refresh_from_db()
    assert (room.name_en, room.capacity) == ("Salon A", 20)
    assert client.post(base + "remove/").status_code == 302
    assert not type(room).objects.filter(pk=room.pk).exists()


# Query counts --------------------------------------------------------------------------------


def grow_registrations(event, workshops, count):
    def grow():
        for _ in range(count):
            registration = signups.register(event=event, member=UserFactory())
            signups.choose_workshops(registration=registration, sessions=[workshops[0], workshops[2]])

    return grow


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


def test_organizer_lists_queries_do_not_grow_with_registrations(client, world):
    client.force_login(world["users"]["organizer"])
    event, workshops = world["event"], world["workshops"]
    base = f"/en/events/manage/{event.slug}/"
    assert_constant_queries(client, base + "registrations/", grow_registrations(event, workshops, 5))
    assert_constant_queries(
        client, base + "registrations/export.csv", grow_registrations(event, workshops, 5)
    )
    assert_constant_queries(
        client, base + f"workshops/{workshops[0].pk}/", grow_registrations(event, workshops, 5)
    )
