"""Proof of attendance: a checked-in participant's certificate (PDF, their language), its public
verification, and reissuing it with a corrected name."""

import datetime as dt
import io
import re
import uuid
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from events.models import Certificate, Registration, Session
from events.services import certificates
from events.services import registration as signups
from tests.events.factories import EventFactory, PartnerFactory, RoomFactory, SessionFactory, at, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

PAST = dt.date(2026, 10, 15)


def pdf_text(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def url(name, event, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs={"slug": event.slug, **kwargs})


@pytest.fixture
def day():
    """A learning day that is over: welcome (1 h), lunch (break), two workshops at 13:00 (75 min)."""
    organizer = UserFactory()
    event = EventFactory(
        title_en="Social Media Learning Day",
        title_fr="Journée d'apprentissage sur les médias sociaux",
        venue_en="Vancouver",
        venue_fr="Vancouver (Colombie-Britannique)",
        start_date=PAST,
        organizers=[organizer],
    )
    event.partners.set(
        [
            PartnerFactory(
                name_en="Canada School of Public Service", name_fr="École de la fonction publique du Canada"
            )
        ]
    )
    room = RoomFactory(event=event)
    SessionFactory(
        event=event,
        room=room,
        title_en="Welcome",
        title_fr="Mot de bienvenue",
        starts_at=at(event, 9),
        ends_at=at(event, 10),
    )
    SessionFactory(
        event=event,
        kind=Session.Kind.BREAK,
        title_en="Lunch",
        title_fr="Dîner",
        starts_at=at(event, 12),
        ends_at=at(event, 13),
    )
    chosen = workshop(event, 13, title_en="Policy instruments", title_fr="Instruments de politique")
    workshop(event, 13, title_en="Other workshop", title_fr="Autre atelier")
    attendee = UserFactory(full_name="Amélie Côté", preferred_language="fr")
    registration = Registration.objects.create(
        event=event, user=attendee, status=Registration.Status.CONFIRMED
    )
    registration.choices.create(session=chosen, status="confirmed")
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=at(event, 8, 45))
    registration.refresh_from_db()
    return {"event": event, "organizer": organizer, "attendee": attendee, "registration": registration}


def test_hours_are_the_sessions_length_to_the_quarter_hour(day):
    sessions = certificates.attended_sessions(day["registration"])
    assert [s.title_en for s in sessions] == [
        "Welcome",
        "Policy instruments",
    ]  # no break, not others' workshop
    assert certificates.hours_of(sessions) == Decimal("2.25")  # 60 + 75 minutes


def test_a_checked_in_participant_downloads_a_certificate_in_french(client, day):
    client.force_login(day["attendee"])
    text = pdf_text(client.get(url("events:certificate", day["event"], "fr")))
    certificate = Certificate.objects.get()
    assert "Attestation de participation" in text
    assert "Amélie Côté" in text
    assert "Journée d'apprentissage sur les médias sociaux" in text
    assert "15 octobre 2026" in text and "Vancouver" in text
    assert "École de la fonction publique du Canada" in text
    assert "Heures d'apprentissage : 2,25" in text
    assert "Mot de bienvenue" in text and "Instruments de politique" in text
    assert "Autre atelier" not in text and "Dîner" not in text
    assert certificate.code in text
    assert f"/fr/evenements/attestations/{certificate.code}/" in text


def test_the_same_certificate_in_english_and_only_one_however_often_it_is_downloaded(client, day):
    client.force_login(day["attendee"])
    text = pdf_text(client.get(url("events:certificate", day["event"], "en")))
    pdf_text(client.get(url("events:certificate", day["event"], "en")))
    assert Certificate.objects.count() == 1
    assert "Certificate of attendance" in text and "Hours of learning: 2.25" in text
    assert "Canada School of Public Service" in text and "Welcome" in text


def test_no_certificate_for_those_who_were_not_there_or_before_the_end(client, day):
    event = day["event"]
    registered = Registration.objects.create(
        event=event, user=UserFactory(), status=Registration.Status.CONFIRMED
    )
    client.force_login(registered.user)  # registered, never checked in
    assert client.get(url("events:certificate", event)).status_code == 404
    client.force_login(UserFactory())  # not registered
    assert client.get(url("events:certificate", event)).status_code == 404
    client.force_login(day["organizer"])  # organizing is not attending
    assert client.get(url("events:certificate", event)).status_code == 404
    client.logout()
    assert client.get(url("events:certificate", event)).status_code == 302
    # The last session has not ended yet: not yet.
    later = SessionFactory(
        event=event,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    client.force_login(day["attendee"])
    assert client.get(url("events:certificate", event)).status_code == 404
    later.delete()
    assert client.get(url("events:certificate", event)).status_code == 200
    assert Certificate.objects.count() == 1


def test_anyone_verifies_a_code_and_sees_only_name_event_and_date(client, day):
    certificate = certificates.certificate_for(day["registration"])
    page = client.get(reverse("events:certificate_verify", kwargs={"code": certificate.code}))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"The certificate {certificate.code} is genuine." in html
    assert (
        "Amélie Côté" in html
        and "Social Media Learning Day" in html
        and "October 15, 2026" in html
        or "15 October 2026" in html
    )
    assert day["attendee"].email not in html and "Policy instruments" not in html
    # Typed from paper: lower case, spaces instead of dashes.
    typed = certificate.code.lower().replace("-", " ")
    response = client.get(reverse("events:certificate_lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("events:certificate_verify", kwargs={"code": certificate.code})


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN", "not a code", "<img src=x onerror=alert(1)>", "9" * 40])
def test_a_forged_code_shows_nothing(client, day, code):
    certificates.certificate_for(day["registration"])
    response = client.get(reverse("events:certificate_lookup")[:-1] + "/" + quote(code, safe="") + "/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "No certificate has this code." in html
    assert "Amélie Côté" not in html and "<img src=x" not in html


def test_an_organizer_reissues_with_a_corrected_name_and_the_old_code_is_replaced(client, day):
    old = certificates.certificate_for(day["registration"])
    reissue = url("events:certificate_reissue", day["event"], pk=day["registration"].pk)
    client.force_login(day["organizer"])
    page = client.get(reissue)
    assert page.status_code == 200 and old.code in page.content.decode()
    token = str(uuid.uuid4())
    response = client.post(reissue, {"full_name": "Amélie  Côté-Tremblay ", "submission": token})
    assert response.status_code == 302
    client.post(reissue, {"full_name": "Amélie Côté-Tremblay", "submission": token})  # a double click
    assert Certificate.objects.count() == 2
    new = Certificate.objects.get(replaced_at__isnull=True)
    assert new.full_name == "Amélie Côté-Tremblay" and new.code != old.code
    html = client.get(reverse("events:certificate_verify", kwargs={"code": old.code})).content.decode()
    assert "was replaced by a newer one" in html and "Amélie" not in html

    client.force_login(day["attendee"])
    assert "Amélie Côté-Tremblay" in pdf_text(client.get(url("events:certificate", day["event"])))


def test_reissuing_needs_a_name_and_the_organizer_role(client, day):
    reissue = url("events:certificate_reissue", day["event"], pk=day["registration"].pk)
    client.force_login(day["organizer"])
    response = client.post(reissue, {"full_name": "   "})
    assert response.status_code == 400
    assert (
        "This field is required." in response.content.decode()
        or "Enter the name" in response.content.decode()
    )
    assert Certificate.objects.count() == 0
    client.force_login(day["attendee"])
    assert client.post(reissue, {"full_name": "Someone else"}).status_code == 404
    assert client.get(reissue).status_code == 404
    assert Certificate.objects.count() == 0


def test_my_events_offers_the_certificate_only_when_there_is_one(client, day):
    client.force_login(day["attendee"])
    page = client.get(reverse("events:mine")).content.decode()
    assert "My certificate of attendance (PDF)" in page
    certificate = reverse("events:certificate", args=[day["event"].slug])
    assert f'href="/en/accessibility/?page={certificate}#report">in another format' in page  # on request
    other = UserFactory()
    signups.register(event=EventFactory(), member=other)  # upcoming
    client.force_login(other)
    assert "My certificate of attendance (PDF)" not in client.get(reverse("events:mine")).content.decode()


def test_my_events_takes_the_same_queries_with_more_past_events(client, day):
    client.force_login(day["attendee"])

    def grow():
        for n in range(3):
            event = EventFactory(start_date=PAST - dt.timedelta(days=10 + n))
            SessionFactory(event=event)
            Registration.objects.create(
                event=event, user=day["attendee"], status="confirmed", checked_in_at=timezone.now()
            )

    assert_constant_queries(client, reverse("events:mine"), grow)
