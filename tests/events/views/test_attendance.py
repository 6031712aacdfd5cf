"""Attendance pages: who may open them, marking and undoing by button or ticket (each POST idempotent),
errors next to the field with a 4xx, helpers named from the dashboard, the dashboard's attendance figures
against the rows, and query counts that do not grow with the workshop."""

import pytest

from events.models import CheckInHelper, Registration, WorkshopAttendance
from events.services import attendance
from events.services import registration as signups
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "other_organizer", "helper", "organizer", "admin"]


@pytest.fixture
def world(signups_world):
    helper = UserFactory(full_name="Hélène Aide", email="helene.aide@tc.gc.ca")
    CheckInHelper.objects.create(event=signups_world["event"], user=helper)
    signups_world["users"]["helper"] = helper
    return signups_world


def base(world, language="en"):
    if language == "fr":
        return f"/fr/evenements/gerer/{world['event'].slug}/"
    return f"/en/events/manage/{world['event'].slug}/"


def roster(world, language="en"):
    path = "presences" if language == "fr" else "attendance"
    return f"{base(world, language)}{path}/{world['workshops'][0].pk}/"


def sign_in(client, world, role):
    if world["users"][role]:
        client.force_login(world["users"][role])


ATTENDANCE_URLS = [
    ("index", "get", "attendance/", 200),
    ("roster", "get", "attendance/{workshop}/", 200),
    ("mark", "post", "attendance/{workshop}/mark/{registration}/", 302),
    ("undo", "post", "attendance/{workshop}/undo/{registration}/", 302),
    ("ticket", "post", "attendance/{workshop}/ticket/", 302),
]
MANAGE_URLS = [
    ("helpers", "get", "helpers/", 200),
    ("helpers_add", "post", "helpers/", 400),
    ("dashboard", "get", "dashboard/", 200),
    ("registrations", "get", "registrations/", 200),
    ("workshop_roster", "get", "workshops/{workshop}/", 200),
]


def request(client, world, method, path):
    url = base(world) + path.format(workshop=world["workshops"][0].pk, registration=world["registration"].pk)
    data = {"ticket": str(world["registration"].ticket_code)} if method == "post" else None
    return url, getattr(client, method)(url, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "allowed"), ATTENDANCE_URLS, ids=[u[0] for u in ATTENDANCE_URLS]
)
def test_attendance_pages_are_for_organizers_and_their_helpers(
    client, world, role, name, method, path, allowed
):
    sign_in(client, world, role)
    url, response = request(client, world, method, path)
    expected = {"visitor": 302, "member": 404, "other_organizer": 404}.get(role, allowed)
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"
    marked = WorkshopAttendance.objects.filter(registration=world["registration"]).exists()
    assert marked == (method == "post" and name != "undo" and expected == 302 and role != "visitor")


@pytest.mark.parametrize(("name", "method", "path", "allowed"), MANAGE_URLS, ids=[u[0] for u in MANAGE_URLS])
def test_a_helper_sees_nothing_else_of_the_event(client, world, name, method, path, allowed):
    sign_in(client, world, "helper")
    assert request(client, world, method, path)[1].status_code == 404
    sign_in(client, world, "organizer")
    assert request(client, world, method, path)[1].status_code == allowed


def test_a_helper_of_another_event_gets_404(client, world):
    outsider = UserFactory()
    CheckInHelper.objects.create(
        event=world["users"]["other_organizer"].organized_events.get(), user=outsider
    )
    client.force_login(outsider)
    assert client.get(roster(world)).status_code == 404


def test_marking_twice_is_one_row_and_returns_to_the_person(client, world):
    client.force_login(world["users"]["helper"])
    registration = world["registration"]
    url = f"{roster(world)}mark/{registration.pk}/"
    first = client.post(url, {"q": "Amé"})
    second = client.post(url, {"q": "Amé"})
    expected = f"{roster(world)}?q=Am%C3%A9#person-{registration.pk}"
    assert (first.status_code, first["Location"]) == (302, expected)
    assert (second.status_code, second["Location"]) == (302, expected)
    assert list(WorkshopAttendance.objects.values_list("registration", "marked_by")) == [
        (registration.pk, world["users"]["helper"].pk)
    ]
    assert Registration.objects.get(pk=registration.pk).checked_in_by == world["users"]["helper"]
    page = page_text(client.get(expected).content.decode())
    assert "Amélie Côté was already marked present." in page
    assert "1 present of 1 signed up" in page
    assert "Undo – Amélie Côté" in page


def test_undo_then_undo_again_is_harmless(client, world):
    client.force_login(world["users"]["organizer"])
    registration = world["registration"]
    attendance.mark_present(session=world["workshops"][0], registration=registration, by=None)
    url = f"{roster(world)}undo/{registration.pk}/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert WorkshopAttendance.objects.count() == 0
    page = page_text(client.get(roster(world)).content.decode())
    assert "Amélie Côté was not marked present." in page
    assert "Mark present – Amélie Côté" in page


def test_marking_someone_of_another_workshop_says_why(client, world):
    client.force_login(world["users"]["organizer"])
    other = signups.register(event=world["event"], member=UserFactory(full_name="Bob Tremblay"))
    response = client.post(f"{roster(world)}mark/{other.pk}/", follow=True)
    assert "Bob Tremblay is not signed up for this workshop." in page_text(response.content.decode())
    assert WorkshopAttendance.objects.count() == 0


def test_a_registration_of_another_event_is_404(client, world):
    client.force_login(world["users"]["organizer"])
    stranger = signups.register(
        event=world["users"]["other_organizer"].organized_events.get(), member=UserFactory()
    )
    assert client.post(f"{roster(world)}mark/{stranger.pk}/").status_code == 404
    plenary_or_unknown = f"{base(world)}attendance/999999/"
    assert client.get(plenary_or_unknown).status_code == 404


def test_the_ticket_code_marks_its_holder(client, world):
    client.force_login(world["users"]["helper"])
    registration = world["registration"]
    scanned = (
        f"https://portal.example/en/events/manage/{world['event'].slug}/check-in/{registration.ticket_code}/"
    )
    response = client.post(f"{roster(world)}ticket/", {"ticket": scanned})
    assert (response.status_code, response["Location"]) == (302, f"{roster(world)}#person-{registration.pk}")
    assert WorkshopAttendance.objects.filter(registration=registration).count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("<b>nope</b>", "This is not a ticket code. Scan the QR code or type the ticket number."),
        ("00000000-0000-0000-0000-000000000007", "No ticket has this code. Check the number and try again."),
        ("{other}", "Bob Tremblay is not signed up for this workshop."),
        ("", "This field is required."),
    ],
)
def test_a_wrong_ticket_is_400_with_the_message_next_to_the_field(client, world, code, message):
    client.force_login(world["users"]["helper"])
    other = signups.register(event=world["event"], member=UserFactory(full_name="Bob Tremblay"))
    response = client.post(f"{roster(world)}ticket/", {"ticket": code.format(other=other.ticket_code)})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("form-field-error") == 1
    field = html[html.index("form-field-error") : html.index('name="ticket"')]
    assert message.replace("’", "&#x27;") in field or message in field
    assert "<b>nope</b>" not in html  # what was typed is escaped
    assert WorkshopAttendance.objects.count() == 0


def test_search_keeps_the_names_that_match(client, world):
    client.force_login(world["users"]["helper"])
    bob = signups.register(event=world["event"], member=UserFactory(full_name="Bob <i>Tremblay</i>"))
    signups.choose_workshops(registration=bob, sessions=[world["workshops"][0]])
    page = client.get(roster(world), {"q": "trem"}).content.decode()
    assert "Bob &lt;i&gt;Tremblay&lt;/i&gt;" in page
    assert "Amélie" not in page_text(page).replace("Amélie Côté was", "")
    assert "1 person found for “trem”" in page_text(page)


def test_the_roster_in_french(client, world):
    client.force_login(world["users"]["helper"])
    page = page_text(client.get(roster(world, "fr")).content.decode())
    assert "Présences : 0 sur 1 inscriptions" in page
    assert "Noter la présence – Amélie Côté" in page


def test_roster_and_index_queries_do_not_grow(client, world):
    client.force_login(world["users"]["helper"])
    first = world["workshops"][0]
    first.capacity = 50
    first.save()

    def grow():
        for n in range(4):
            registration = signups.register(event=world["event"], member=UserFactory())
            signups.choose_workshops(registration=registration, sessions=[first])
            if n % 2:
                attendance.mark_present(session=first, registration=registration, by=None)

    assert_constant_queries(client, roster(world), grow)
    assert_constant_queries(client, f"{base(world)}attendance/", grow)


# Helpers named by the organizers, and the dashboard -------------------------------------------------


def test_an_organizer_names_a_helper_from_the_dashboard(client, world):
    client.force_login(world["users"]["organizer"])
    dashboard = client.get(f"{base(world)}dashboard/").content.decode()
    assert f'action="{base(world)}helpers/"' in dashboard
    newcomer = UserFactory(full_name="Nadia Nouvelle", email="nadia@tc.gc.ca")
    response = client.post(f"{base(world)}helpers/", {"member": "nadia@tc.gc.ca"})
    assert (response.status_code, response["Location"]) == (302, f"{base(world)}helpers/")
    client.post(f"{base(world)}helpers/", {"member": "Nadia Nouvelle"})  # again: nothing new
    assert CheckInHelper.objects.filter(event=world["event"], user=newcomer).count() == 1
    assert "Nadia Nouvelle is already a check-in helper." in page_text(
        client.get(f"{base(world)}helpers/").content.decode()
    )
    client.force_login(newcomer)
    assert client.get(roster(world)).status_code == 200
    assert "Events where I mark attendance" in page_text(client.get("/en/events/manage/").content.decode())


def test_naming_an_unknown_member_is_400_next_to_the_field(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.post(f"{base(world)}helpers/", {"member": "<script>x</script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No member has this name. Try their email." in html
    assert "<script>x</script>" not in html
    assert CheckInHelper.objects.filter(event=world["event"]).count() == 1


def test_removing_a_helper_closes_the_roster_to_them(client, world):
    client.force_login(world["users"]["organizer"])
    helper = CheckInHelper.objects.get(event=world["event"])
    url = f"{base(world)}helpers/{helper.pk}/remove/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click
    assert not CheckInHelper.objects.filter(event=world["event"]).exists()
    client.force_login(world["users"]["helper"])
    assert client.get(roster(world)).status_code == 404


def test_the_dashboard_shows_attendance_against_sign_ups(client, world):
    event, (first, second, _late) = world["event"], world["workshops"]
    client.force_login(world["users"]["organizer"])
    bob = signups.register(event=event, member=UserFactory(full_name="Bob Tremblay"))
    signups.choose_workshops(registration=bob, sessions=[first])
    carl = signups.register(event=event, member=UserFactory(full_name="Carl Roy"))
    signups.choose_workshops(registration=carl, sessions=[second])
    attendance.mark_present(session=first, registration=bob, by=None)
    html = client.get(f"{base(world)}dashboard/").content.decode()

    def cell(session, name):
        row = html[html.index(f'data-workshop="{session.pk}"') :]
        row = row[row.index(f'data-count="{name}"') :]
        return row[row.index(">") + 1 : row.index("</td>")]

    confirmed = {s.pk: s.choices.filter(status="confirmed").count() for s in (first, second)}
    present = {s.pk: WorkshopAttendance.objects.filter(session=s).count() for s in (first, second)}
    assert (confirmed, present) == ({first.pk: 2, second.pk: 1}, {first.pk: 1, second.pk: 0})
    assert (cell(first, "signed-up"), cell(first, "present"), cell(first, "no-shows")) == (
        "2",
        "1",
        "1 (50%)",
    )
    assert (cell(second, "signed-up"), cell(second, "present")) == ("1", "0")
    assert "–" in cell(second, "no-shows")  # no attendance taken there: no rate
    assert "No-show rate: 50% (1 of 2 confirmed places" in page_text(html)


def test_dashboard_queries_do_not_grow_with_attendance(client, world):
    event, first = world["event"], world["workshops"][0]
    first.capacity = 50
    first.save()
    client.force_login(world["users"]["organizer"])

    def grow():
        for n in range(4):
            registration = signups.register(event=event, member=UserFactory())
            signups.choose_workshops(registration=registration, sessions=[first])
            attendance.mark_present(session=first, registration=registration, by=None)
            CheckInHelper.objects.create(event=event, user=UserFactory(full_name=f"Helper {n}"))

    assert_constant_queries(client, f"{base(world)}dashboard/", grow)


def test_helpers_and_my_events_pages_queries_do_not_grow(client, world):
    client.force_login(world["users"]["organizer"])

    def grow():
        for n in range(3):
            CheckInHelper.objects.create(event=world["event"], user=UserFactory(full_name=f"Helper {n}"))

    assert_constant_queries(client, f"{base(world)}helpers/", grow)
    helper = world["users"]["helper"]
    client.force_login(helper)

    def help_more():
        for _n in range(3):
            CheckInHelper.objects.create(event=EventFactory(), user=helper)

    assert_constant_queries(client, "/en/events/manage/", help_more)
