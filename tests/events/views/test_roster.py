"""Organizer pages of registration: the list and its export, rosters and moves, check-in, messages."""

import csv
import datetime as dt
import io
import uuid

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from events.models import OrganizerMessage
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text

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


def message_post(**overrides):
    data = {
        "audience": "event",
        "subject_en": "Parking",
        "body_en": "Use lot B.",
        "subject_fr": "Stationnement",
        "body_fr": "Utilisez le stationnement B.",
        "token": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def test_message_form_queues_one_email_per_person_even_when_sent_twice(client, world):
    client.force_login(world["users"]["organizer"])
    signups.register(event=world["event"], member=UserFactory())
    url = f"/en/events/manage/{world['event'].slug}/message/"
    data = {**message_post(), "token": str(uuid.uuid4())}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "Your message is on its way to 2 people." in response.content.decode()
    assert OutboundEmail.objects.filter(kind="organizer_message").count() == 2


def test_message_reaches_each_participant_in_the_language_of_their_profile(client, world):
    event = world["event"]
    french = UserFactory(full_name="Benoît Gagnon", preferred_language="fr")
    signups.register(event=event, member=french)
    client.force_login(world["users"]["organizer"])
    # The organizer writes from a French page: the page's language decides nothing for the recipients.
    client.post(f"/fr/evenements/gerer/{event.slug}/message/", message_post())

    emails = {e.recipient_email: e for e in OutboundEmail.objects.filter(kind="organizer_message")}
    assert set(emails) == {world["attendee"].email, french.email}
    english, francais = emails[world["attendee"].email], emails[french.email]
    assert (english.language, english.subject) == ("en", f"[{event.title_en}] Parking")
    assert (francais.language, francais.subject) == ("fr", f"[{event.title_fr}] Stationnement")
    assert "Use lot B." in english.body_text and "Utilisez" not in english.body_text
    assert "Utilisez le stationnement B." in francais.body_text and "Use lot B." not in francais.body_text
    assert "<p>Use lot B.</p>" in english.body_html
    assert '<div lang="fr" data-typed><p>Utilisez le stationnement B.</p></div>' in francais.body_html
    # The text around the message is in the recipient's language too.
    assert f"Sent by the organizers of {event.title_en}." in english.body_text
    with translation.override("fr"):
        signature = gettext("Sent by the organizers of %(title)s.") % {"title": event.title_fr}
    assert signature in francais.body_text
    assert "Communauté nationale des gestionnaires" in francais.body_html
    message = OrganizerMessage.objects.get()
    assert (
        message.subject_en,
        message.subject_fr,
        message.body_en,
        message.body_fr,
        message.recipient_count,
    ) == (
        "Parking",
        "Stationnement",
        "Use lot B.",
        "Utilisez le stationnement B.",
        2,
    )


def test_message_to_one_workshop_names_it_in_the_page_language_and_reaches_only_its_participants(
    client, world
):
    event, first = world["event"], world["workshops"][0]
    signups.register(event=event, member=UserFactory())  # registered, but not in the workshop
    client.force_login(world["users"]["organizer"])
    html = client.get(f"/fr/evenements/gerer/{event.slug}/message/").content.decode()
    with translation.override("fr"):
        label = gettext("Participants of “%(title)s”") % {"title": "Stratégie"}
    assert f'<option value="{first.pk}">{label}</option>' in html
    assert "Strategy" not in html
    client.post(f"/fr/evenements/gerer/{event.slug}/message/", message_post(audience=str(first.pk)))
    sent = OutboundEmail.objects.filter(kind="organizer_message")
    assert list(sent.values_list("recipient_email", flat=True)) == [world["attendee"].email]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("subject_fr", "Write the subject in French: participants who read in French receive it."),
        ("body_fr", "Write the message in French: participants who read in French receive it."),
        ("subject_en", "Write the subject in English: participants who read in English receive it."),
        ("body_en", "Write the message in English: participants who read in English receive it."),
    ],
)
def test_message_without_one_language_is_refused_next_to_that_field_keeping_the_rest(
    client, world, missing, message
):
    client.force_login(world["users"]["organizer"])
    data = message_post(**{missing: ""})
    response = client.post(f"/en/events/manage/{world['event'].slug}/message/", data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [missing]
    html = response.content.decode()
    assert f'<ul class="errorlist error-message" id="id_{missing}_error"><li>{message}</li></ul>' in html
    kept = [name for name in ("subject_en", "subject_fr") if name != missing]
    for name in kept:
        assert f'value="{data[name]}"' in html
    for name in ("body_en", "body_fr"):
        if name != missing:
            assert data[name] in html
    assert OrganizerMessage.objects.count() == 0
    assert OutboundEmail.objects.filter(kind="organizer_message").count() == 0


def test_message_form_in_french_says_what_is_missing_in_french(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.post(
        f"/fr/evenements/gerer/{world['event'].slug}/message/", message_post(subject_fr="", body_fr="")
    )
    assert response.status_code == 400
    with translation.override("fr"):
        expected = [
            str(gettext(text))
            for text in (
                "Write the subject in French: participants who read in French receive it.",
                "Write the message in French: participants who read in French receive it.",
            )
        ]
    html = response.content.decode()
    assert all(escape(text) in html for text in expected)
    assert response.context["form"].errors == {"subject_fr": [expected[0]], "body_fr": [expected[1]]}
    assert expected[0] != "Write the subject in French: participants who read in French receive it."


def test_sent_messages_show_in_the_readers_language_with_the_fallback_marked(client, world):
    event = world["event"]
    organizer = world["users"]["organizer"]
    signups.message_participants(
        event=event,
        session=None,
        subject_en="Parking",
        subject_fr="Stationnement",
        body_en="Use lot B.",
        body_fr="Utilisez le stationnement B.",
        token=uuid.uuid4(),
        by=organizer,
    )
    # Sent before messages were bilingual: English only.
    welcome = OrganizerMessage.objects.create(
        event=event, token=uuid.uuid4(), subject_en="Welcome", body_en="See you soon.", sent_by=organizer
    )
    # Sent at 17:05 UTC on 1 December 2029: 9:05 a.m. at the Vancouver venue, said in each language.
    OrganizerMessage.objects.filter(pk=welcome.pk).update(
        created_at=dt.datetime(2029, 12, 1, 17, 5, tzinfo=dt.UTC)
    )
    client.force_login(organizer)
    french = client.get(f"/fr/evenements/gerer/{event.slug}/message/").content.decode()
    assert "<h3>Stationnement</h3>" in french
    assert '<div lang="fr"><p>Utilisez le stationnement B.</p></div>' in french
    assert '<h3><span lang="en">Welcome</span></h3>' in french
    assert '<div lang="en"><p>See you soon.</p></div>' in french
    assert "Parking" not in french
    assert "1er décembre 2029 à 9 h 05 HNP" in page_text(french)
    english = client.get(f"/en/events/manage/{event.slug}/message/").content.decode()
    assert "<h3>Parking</h3>" in english and "<h3>Welcome</h3>" in english
    assert "Stationnement" not in english
    assert "December 1, 2029, 9:05 a.m. PST" in page_text(english)


def test_message_text_is_escaped_in_the_list_and_the_email(client, world):
    client.force_login(world["users"]["organizer"])
    evil = "<script>alert(1)</script>"
    client.post(
        f"/en/events/manage/{world['event'].slug}/message/",
        message_post(subject_en=evil, body_en=evil, subject_fr=evil, body_fr=evil),
    )
    html = client.get(f"/en/events/manage/{world['event'].slug}/message/").content.decode()
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    email = OutboundEmail.objects.get(kind="organizer_message")
    assert evil not in email.body_html


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
