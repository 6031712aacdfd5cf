"""An organizer opens an event's dashboard from "Events I organize", reads its numbers (checked against
the rows in PostgreSQL), sees a check-in arrive by the live count (htmx) and by the refresh link, then
reads the same dashboard in French through the language toggle. axe on every state."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from events.models import Registration
from events.services import registration as signups
from surveys import services as surveys
from surveys.links import respondent_key
from surveys.models import Response
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_organizer_reads_the_dashboard_in_english_and_french(visitor_factory):
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        organizers=[organizer],
        capacity=3,
    )
    strategy = workshop(event, 13, title_en="Strategy", title_fr="Stratégie", capacity=1)
    maya = signups.register(
        event=event, member=UserFactory(full_name="Maya Singh"), accessibility_needs="Ramp <b>please</b>"
    )
    etienne = signups.register(
        event=event, member=UserFactory(full_name="Étienne Gagnon"), dietary_needs="Végétalien"
    )
    signups.register(event=event, member=UserFactory(full_name="Ana Roy"))
    late = signups.register(event=event, member=UserFactory(full_name="Li Wong"))  # full: waitlisted
    signups.choose_workshops(registration=maya, sessions=[strategy])
    signups.choose_workshops(registration=etienne, sessions=[strategy])  # waitlisted for the workshop
    for n, registration in enumerate(Registration.objects.filter(event=event).order_by("pk")):
        Registration.objects.filter(pk=registration.pk).update(
            created_at=dt.datetime(2029, 11, 28 + n // 2, 10, tzinfo=event.tzinfo)
        )
    survey = surveys.ensure_feedback_survey(event)
    Response.objects.create(survey=survey, respondent_key=respondent_key(survey, maya.user))
    signups.check_in(registration=maya, by=organizer)
    assert late.status == Registration.Status.WAITLISTED

    rows = Registration.objects.filter(event=event)
    confirmed = rows.filter(status="confirmed").count()
    waitlisted = rows.filter(status="waitlisted").count()
    assert (confirmed, waitlisted) == (3, 1)

    v = visitor_factory("organizer")
    v.sign_in(organizer)
    v.goto("/en/events/manage/")
    page = v.page
    page.get_by_role("link", name="Pacific Learning Day", exact=True).click()
    page.wait_for_url(f"**/en/events/manage/{event.slug}/dashboard/")
    v.check("dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Pacific Learning Day")
    expect(page.locator('dd[data-count="confirmed"]')).to_have_text(str(confirmed))
    expect(page.locator('dd[data-count="waitlisted"]')).to_have_text(str(waitlisted))
    expect(page.locator('dd[data-count="cancelled"]')).to_have_text("0")
    chart = page.get_by_role("img", name="Registrations over time")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Registrations over time")
    expect(table.get_by_role("row")).to_have_count(3)  # heading, November 28 and 29
    expect(table.get_by_role("row", name="November 29, 2029")).to_contain_text("2")
    fill = page.get_by_role("table", name="Workshops: seats taken and waitlists").get_by_role(
        "row", name="Strategy"
    )
    expect(fill).to_contain_text("1 of 1 (100%)")
    expect(fill.get_by_role("cell").last).to_have_text(
        str(strategy.choices.filter(status="waitlisted").count())
    )
    needs = page.get_by_role("table", name="Needs to plan for")
    expect(needs.get_by_role("row", name="Maya Singh")).to_contain_text("Ramp <b>please</b>")
    expect(needs.get_by_role("row", name="Étienne Gagnon")).to_contain_text("Végétalien")
    expect(page.get_by_text("1 response from 3 participants: a response rate of 33%.")).to_be_visible()
    count = page.locator("#check-in [role=status]")
    expect(count).to_have_text("1 of 3 participants checked in")

    # On the day: a check-in at the door shows up without reloading (htmx polls every 10 seconds)...
    signups.check_in(registration=etienne, by=organizer)
    expect(count).to_have_text("2 of 3 participants checked in", timeout=25000)
    v.check("dashboard after the poll")
    # ... and the refresh button reloads the page for anyone without JavaScript.
    signups.check_in(registration=rows.get(user__full_name="Ana Roy"), by=organizer)
    page.get_by_role("button", name="Refresh the numbers").click()
    expect(count).to_have_text("3 of 3 participants checked in")
    assert rows.filter(checked_in_at__isnull=False).count() == 3

    # The same dashboard in French, through the language toggle.
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_url(f"**/fr/evenements/gerer/{event.slug}/tableau-de-bord/**")
    v.check("tableau de bord")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tableau de bord\u00a0: Journée d'apprentissage du Pacifique"
    )
    expect(page.locator('dd[data-count="confirmed"]')).to_have_text("3")
    expect(page.get_by_role("img", name="Inscriptions au fil du temps")).to_be_visible()
    expect(
        page.get_by_role("table", name="Inscriptions au fil du temps").get_by_role(
            "row", name="29 novembre 2029"
        )
    ).to_contain_text("4")
    fill = page.get_by_role("table", name="Ateliers\u00a0: places prises et listes d'attente")
    expect(fill.get_by_role("row", name="Stratégie")).to_contain_text("1 sur 1")
    expect(page.get_by_text("1 réponse sur 3 personnes invitées")).to_be_visible()
    expect(page.get_by_role("table", name="Besoins à prévoir").get_by_role("row")).to_have_count(3)
    expect(page.locator("#check-in [role=status]")).to_have_text("3 personnes présentes sur 3")
    page.get_by_role("link", name="Montage du programme").first.click()
    v.check("montage du programme")
    page.get_by_role("link", name="Tableau de bord").first.click()
    page.wait_for_url(f"**/fr/evenements/gerer/{event.slug}/tableau-de-bord/")
