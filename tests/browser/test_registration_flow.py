"""A member registers for the demo learning day and picks workshops; a waitlisted colleague (in French) is
promoted and emailed when a seat frees up; the organizer checks the member in. axe on every page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from events import demo
from events.models import Event, Registration, Session
from members import demo as members_demo
from nmc_portal.launch import DEMO_PASSWORD
from nmc_portal.models import OutboundEmail
from nmc_portal.tasks import send_email_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

STRATEGY = "Building a Social Media Strategy"
RISK = "Social Media Risk Management"
WHO = "Who Are You Online?"


def test_register_choose_refuse_overlap_cancel_promote_and_check_in(visitor_factory):
    members_demo.load()
    demo.load()
    event = Event.objects.get(slug="social-media-learning-day-2027")
    Session.objects.filter(event=event, title_en=WHO).update(capacity=1)  # one seat: the next one waits
    member = UserFactory(full_name="Maya Singh", email="maya.singh@tc.gc.ca")
    colleague = UserFactory(
        full_name="Étienne Gagnon", email="etienne.gagnon@tc.gc.ca", preferred_language="fr"
    )

    # The member registers and picks two afternoon workshops, one per time slot.
    v = visitor_factory("member")
    v.sign_in(member)
    v.goto(f"/en/events/{event.slug}/")
    v.page.get_by_role("link", name="Register", exact=True).click()
    v.check("register form")
    v.page.get_by_label("Dietary needs (optional)").fill("Vegetarian")
    v.page.get_by_role("button", name="Register").click()
    v.check("workshops form")
    expect(v.page.get_by_text("You are registered.")).to_be_visible()
    v.page.get_by_label(STRATEGY).check()
    v.page.get_by_label(WHO).check()
    v.page.get_by_role("button", name="Save my workshops").click()
    v.check("my events after choosing")
    expect(v.page.get_by_text("Your workshops are saved.")).to_be_visible()
    expect(v.page.locator(".my-workshops li")).to_have_count(2)
    expect(v.page.locator(".my-workshops")).to_contain_text("Seat confirmed")

    # A colleague registers in French and joins the waitlist of the full workshop.
    w = visitor_factory("colleague-fr", locale="fr-CA")
    w.sign_in(colleague)
    w.goto(f"/fr/evenements/{event.slug}/inscription/")
    w.page.get_by_role("button", name="M'inscrire").click()
    w.check("ateliers")
    w.page.get_by_label("Qui êtes-vous en ligne\u202f?").check()
    w.page.get_by_role("button", name="Enregistrer mes ateliers").click()
    w.check("mes evenements liste d'attente")
    expect(w.page.locator(".my-workshops")).to_contain_text("Rang 1 sur la liste d'attente")

    # An overlapping third workshop is refused, saying why; nothing changes.
    v.page.get_by_role("link", name="Choose or change my workshops").click()
    v.check("workshops again")
    v.page.get_by_label(RISK).check()
    v.page.get_by_role("button", name="Save my workshops").click()
    v.check("overlap refused")
    alert = v.page.get_by_role("alert")
    expect(alert).to_contain_text("Your choice of workshops was not saved")
    expect(alert).to_contain_text(f"“{RISK}” overlaps “{STRATEGY}”: choose one of the two.")
    registration = Registration.objects.get(event=event, user=member)
    assert registration.choices.count() == 2

    # The member cancels one workshop: the colleague gets the seat at once, and an email.
    v.goto("/en/events/my-events/")
    v.page.get_by_role("link", name=f"Leave {WHO}").click()
    v.check("leave asks first")
    v.page.get_by_role("button", name="Leave the workshop").click()
    v.check("cancelled one")
    expect(v.page.get_by_text(f"You left “{WHO}”.")).to_be_visible()
    expect(v.page.locator(".my-workshops li")).to_have_count(1)
    w.goto("/fr/evenements/mes-evenements/")
    expect(w.page.locator(".my-workshops")).to_contain_text("Place confirmée")
    email = OutboundEmail.objects.get(kind="workshop_promoted", recipient=colleague)
    send_email_task(email_id=email.pk)  # what the Celery worker runs after the commit
    assert [m.to for m in mail.outbox if m.subject.startswith("Vous avez une place")] == [[colleague.email]]
    assert (
        "Une place s'est libérée\u00a0: votre inscription à l'atelier "
        "«\u00a0Qui êtes-vous en ligne\u202f?\u00a0»" in (mail.outbox[-1].body)
    )

    # The ticket's QR code opens the check-in page for the organizer.
    v.goto(f"/en/events/{event.slug}/ticket/")
    expect(v.page.get_by_role("img", name="QR code of your ticket for check-in")).to_be_visible()
    organizer = visitor_factory("organizer")
    organizer.sign_in(members_demo.demo_user("organizer@demo.gc.ca"), password=DEMO_PASSWORD)
    organizer.goto(f"/en/events/manage/{event.slug}/check-in/{registration.ticket_code}/")
    expect(organizer.page.get_by_role("heading", level=1)).to_have_text("Check-in: Maya Singh")
    organizer.page.get_by_role("button", name="Check in").click()
    organizer.check("checked in")
    expect(organizer.page.get_by_text("Checked in.", exact=True)).to_be_visible()
    expect(organizer.page.get_by_text("1 of 2 participants checked in")).to_be_visible()
    organizer.page.get_by_role("link", name="Back to the registrations").click()
    organizer.check("registrations list")
    expect(organizer.page.get_by_role("cell", name="Vegetarian")).to_be_visible()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
