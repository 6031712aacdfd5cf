"""Organizer pages of registration: the list and its export, rosters and moves, check-in."""

import csv
import io

import pytest

from events.services import registration as signups
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
    ("cancel", "get", "cancel/", 200),
    ("room_edit", "get", "rooms/{room}/edit/", 200),
    ("room_remove", "get", "rooms/{room}/remove/", 200),
]


@pytest.fixture
def world(signups_world):
    return signups_world


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


def test_registrations_list_searches_and_shows_needs_to_organizers(client, world):
    client.force_login(world["users"]["organizer"])
    signups.register(event=world["event"], member=UserFactory(full_name="Bob Tremblay"))
    url = f"/en/events/manage/{world['event'].slug}/registrations/"
    html = client.get(url, {"q": "amélie"}).content.decode()
    assert "Amélie Côté" in html and "Bob Tremblay" not in html
    assert "Végétarien" in html
    assert "1 of 2 (50%)" in html  # the fill rate in words, next to its bar


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


def test_csv_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(client, world):
    member = UserFactory(full_name="@SUM(1)")
    signups.register(event=world["event"], member=member, dietary_needs='=HYPERLINK("http://x")')
    client.force_login(world["users"]["organizer"])
    response = client.get(f"/en/events/manage/{world['event'].slug}/registrations/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(row for row in rows if row[1] == member.email)
    assert (row[0], row[8]) == ("'@SUM(1)", '\'=HYPERLINK("http://x")')


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


# Query counts --------------------------------------------------------------------------------


def grow_registrations(event, workshops, count):
    def grow():
        for _ in range(count):
            registration = signups.register(event=event, member=UserFactory())
            signups.choose_workshops(registration=registration, sessions=[workshops[0], workshops[2]])

    return grow


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
