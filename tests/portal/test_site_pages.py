"""The accessibility statement with its barrier report, the terms of use and the contact page."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from nmc_portal.models import BarrierReport, OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, language):
    with translation.override(language):
        return reverse(name)


def report(client, language="en", **fields):
    data = {
        "kind": "barrier",
        "page": "/en/events/",
        "description": "The workshop list cannot be reached with the keyboard.",
        "name": "Ana Pereira",
        "email": "ana.pereira@canada.ca",
        "token": str(uuid.uuid4()),
        **fields,
    }
    return client.post(url("accessibility", language), data)


@pytest.mark.parametrize(
    ("language", "paths", "heading"),
    [
        ("en", ["/en/accessibility/", "/en/terms/", "/en/contact/"], "Accessibility statement"),
        ("fr", ["/fr/accessibilite/", "/fr/conditions/", "/fr/contact/"], "Déclaration d'accessibilité"),
    ],
)
def test_every_page_links_to_the_statement_terms_and_contact(client, language, paths, heading):
    home = client.get(f"/{language}/").content.decode()
    for path in paths:
        assert f'href="{path}"' in home
        assert client.get(path).status_code == 200
    assert heading in client.get(paths[0]).content.decode()


def test_the_statement_names_the_standard_and_how_it_is_verified(client):
    page = client.get("/fr/accessibilite/").content.decode()
    assert "WCAG" in page and "EN 301 549" in page
    assert "axe-core" in page and "clavier" in page
    assert "Limites connues" in page


def test_contact_page_gives_the_addresses_from_settings(client, settings):
    settings.CONTACT_EMAIL = "questions@example.gc.ca"
    page = client.get("/en/contact/").content.decode()
    assert 'href="mailto:questions@example.gc.ca"' in page
    assert 'href="/en/accessibility/#report"' in page


def test_anyone_can_report_a_barrier_and_is_acknowledged_in_the_page_language(client):
    admin = UserFactory(is_staff=True, preferred_language="en")
    UserFactory(is_staff=True, is_active=False)
    response = report(client, "fr", name="Élodie Roy", email="elodie.roy@canada.ca")
    assert response.status_code == 302
    assert response["Location"] == "/fr/accessibilite/signalement-envoye/"
    assert "Merci" in client.get(response["Location"]).content.decode()
    saved = BarrierReport.objects.get()
    assert (saved.email, saved.language, saved.status, saved.reporter) == (
        "elodie.roy@canada.ca",
        "fr",
        "received",
        None,
    )
    ack = OutboundEmail.objects.get(kind=OutboundEmail.Kind.BARRIER_REPORT_RECEIVED)
    assert (ack.recipient_email, ack.language) == ("elodie.roy@canada.ca", "fr")
    assert "Bonjour Élodie Roy" in ack.body_text and "15 jours ouvrables" in ack.body_text
    notice = OutboundEmail.objects.get(kind=OutboundEmail.Kind.BARRIER_REPORT_NEW)
    assert (notice.recipient, notice.language) == (admin, "en")
    assert f"/admin/nmc_portal/barrierreport/{saved.pk}/change/" in notice.body_text


def test_a_member_report_is_linked_to_their_account_and_the_form_is_prefilled(client):
    member = UserFactory(full_name="Sam Lee", preferred_language="en")
    client.force_login(member)
    page = client.get("/en/accessibility/").content.decode()
    assert f'value="{member.email}"' in page and 'value="Sam Lee"' in page
    report(client, "en", name="Sam Lee", email=member.email, kind="alternate_format")
    saved = BarrierReport.objects.get()
    assert (saved.reporter, saved.kind) == (member, "alternate_format")


def test_a_double_click_records_one_report_and_one_acknowledgement(client):
    token = str(uuid.uuid4())
    first = report(client, token=token)
    second = report(client, token=token)
    assert first["Location"] == second["Location"]
    assert BarrierReport.objects.count() == 1
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.BARRIER_REPORT_RECEIVED).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"description": "  "}, "description", "This field is required."),
        ({"email": "not an address"}, "email", "Enter a valid email address."),
        ({"description": "x" * 5001}, "description", "at most 5000 characters"),
        ({"page": "p" * 501}, "page", "at most 500 characters"),
        ({"kind": "complaint"}, "kind", "Select a valid choice."),
        ({"token": "12345678901234567890"}, "token", "Enter a valid UUID."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(client, fields, field, message):
    response = report(client, **fields)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert BarrierReport.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_what_a_person_typed_is_escaped_on_the_page_and_in_the_emails(client):
    UserFactory(is_staff=True)
    text = '<script>alert("x")</script> =HYPERLINK("http://evil")'
    page = report(client, description=text, page="")
    assert page.status_code == 302
    for email in OutboundEmail.objects.all():
        assert "<script>" not in email.body_html
        assert "&lt;script&gt;" in email.body_html
    invalid = report(client, description=text, email="x").content.decode()
    assert "<script>alert" not in invalid


def test_administrators_list_reports_with_their_status_and_others_cannot(client):
    report(client)
    member = UserFactory()
    client.force_login(member)
    assert client.get("/en/admin/nmc_portal/barrierreport/").status_code == 302  # to the admin sign-in
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get("/en/admin/nmc_portal/barrierreport/")
    assert listing.status_code == 200
    assert "ana.pereira@canada.ca" in listing.content.decode()
