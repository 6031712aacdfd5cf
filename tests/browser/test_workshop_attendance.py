"""Attendance per workshop on a phone (375 × 812), in English and in French: an organizer names a
check-in helper from the dashboard; the helper opens a workshop's roster, marks a member present by
tapping the button that bears their name, marks another by entering their ticket code, and sees the
message next to the field for a wrong code. axe on every page and state (hover and focus forced, the
field focused after the error); every target at least 44 × 44 CSS pixels."""

import re

import pytest
from playwright.sync_api import expect

from events.models import CheckInHelper, WorkshopAttendance
from events.services import registration as signups
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}

WORDS = {
    "en": {
        "base": "/en/events/manage/{slug}/",
        "dashboard": "dashboard/",
        "helper_field": re.compile(r"^Member’s email or full name"),
        "add": "Add the helper",
        "added": "Hélène Aide is now a check-in helper.",
        "attendance": "attendance/",
        "workshop": "Strategy",
        "mark": "Mark present – {name}",
        "marked": "{name} is marked present.",
        "undo": "Undo – {name}",
        "ticket": re.compile(r"^Ticket code"),
        "by_ticket": "Mark present by ticket",
        "wrong": "No ticket has this code. Check the number and try again.",
        "count": "2 present of 3 signed up",
        "no_show": "No-show rate: 33% (1 of 3 confirmed places",
    },
    "fr": {
        "base": "/fr/evenements/gerer/{slug}/",
        "dashboard": "tableau-de-bord/",
        "helper_field": re.compile(r"^Courriel ou nom complet du membre"),
        "add": "Ajouter l'aide",
        "added": "Hélène Aide aide maintenant à l'accueil.",
        "attendance": "presences/",
        "workshop": "Stratégie",
        "mark": "Noter la présence – {name}",
        "marked": "La présence de {name} est notée.",
        "undo": "Annuler – {name}",
        "ticket": re.compile(r"^Code du billet"),
        "by_ticket": "Noter la présence par le billet",
        "wrong": "Aucun billet n'a ce code. Vérifiez le numéro et réessayez.",
        "count": "Présences\u00a0: 2 sur 3 inscriptions",
        "no_show": "Taux d'absence\u00a0: 33\u00a0% (1 sur 3 places confirmées",
    },
}


def assert_large_targets(page):
    """Every button, field and link of the roster's main content is at least 44 × 44 CSS pixels."""
    targets = page.locator(
        "main .attendance-target, main .attendance input[type=text], main .attendance input[type=search]"
    )
    assert targets.count() >= 5
    for n in range(targets.count()):
        box = targets.nth(n).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (targets.nth(n).inner_text(), box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box  # nothing off the screen


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_helper_marks_workshop_attendance_on_a_phone(visitor_factory, language):
    words = WORDS[language]
    organizer = UserFactory(full_name="Olivia Singh", preferred_language=language)
    helper = UserFactory(full_name="Hélène Aide", email="helene.aide@tc.gc.ca", preferred_language=language)
    event = EventFactory(organizers=[organizer], capacity=50)
    strategy = workshop(event, 13, title_en="Strategy", title_fr="Stratégie", capacity=10)
    people = {}
    for name in ("Amélie Côté", "Bob Tremblay", "Carl Roy"):
        registration = signups.register(event=event, member=UserFactory(full_name=name))
        signups.choose_workshops(registration=registration, sessions=[strategy])
        people[name] = registration
    base = words["base"].format(slug=event.slug)

    # The organizer names the helper from the dashboard.
    o = visitor_factory(f"organizer-{language}", locale=f"{language}-CA")
    o.sign_in(organizer)
    o.goto(base + words["dashboard"])
    o.page.get_by_label(words["helper_field"]).fill("helene.aide@tc.gc.ca")
    o.page.get_by_role("button", name=words["add"]).click()
    o.check("helper added")
    expect(o.page.get_by_text(words["added"])).to_be_visible()
    assert list(CheckInHelper.objects.values_list("event", "user", "added_by")) == [
        (event.pk, helper.pk, organizer.pk)
    ]

    # The helper, on a phone.
    h = visitor_factory(f"helper-{language}", locale=f"{language}-CA")
    h.page.set_viewport_size(PHONE)
    h.sign_in(helper)
    h.goto(base + words["attendance"])
    h.page.get_by_role("link", name=re.compile(words["workshop"])).click()
    h.check("roster")
    assert_large_targets(h.page)

    # Tap the button that bears Amélie's name.
    h.page.get_by_role("button", name=words["mark"].format(name="Amélie Côté")).click()
    h.check("marked by tap")
    expect(h.page.get_by_text(words["marked"].format(name="Amélie Côté"))).to_be_visible()
    expect(h.page.get_by_role("button", name=words["undo"].format(name="Amélie Côté"))).to_be_visible()

    # Bob's ticket code, as a camera scan would fill it in (the URL in the QR code).
    ticket = h.page.get_by_label(words["ticket"])
    ticket.fill(f"https://portal.example{base}check-in/{people['Bob Tremblay'].ticket_code}/")
    h.page.get_by_role("button", name=words["by_ticket"]).click()
    h.check("marked by ticket")
    expect(h.page.get_by_text(words["marked"].format(name="Bob Tremblay"))).to_be_visible()
    expect(h.page.locator(".attendance-count")).to_have_text(words["count"])

    # A wrong code: the message next to the field, nothing saved, the page still usable by keyboard.
    h.page.get_by_label(words["ticket"]).fill("00000000-0000-0000-0000-000000000007")
    h.page.get_by_role("button", name=words["by_ticket"]).click()
    h.check("wrong code")
    field = h.page.locator(".attendance-ticket .form-field-error")
    expect(field).to_contain_text(words["wrong"])
    expect(h.page.get_by_label(words["ticket"])).to_have_attribute("aria-invalid", "true")
    h.page.get_by_label(words["ticket"]).focus()
    h.check("wrong code, field focused")
    assert_large_targets(h.page)
    h.page.screenshot(path=f"test-artifacts/attendance-roster-375-{language}.png", full_page=True)

    # The organizer's dashboard: attendance against sign-ups, and the no-show rate.
    o.goto(base + words["dashboard"])
    expect(o.page.locator("[data-count=no-show-rate]")).to_contain_text(words["no_show"])
    o.page.locator("#attendance").screenshot(path=f"test-artifacts/attendance-dashboard-{language}.png")

    marked = WorkshopAttendance.objects.filter(session=strategy)
    assert sorted(marked.values_list("registration__user__full_name", "marked_by")) == [
        ("Amélie Côté", helper.pk),
        ("Bob Tremblay", helper.pk),
    ]
    assert sorted(
        event.registrations.filter(checked_in_at__isnull=False).values_list("user__full_name", flat=True)
    ) == [
        "Amélie Côté",
        "Bob Tremblay",
    ]
