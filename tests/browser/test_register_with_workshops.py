"""A member registers and picks workshops in one submission of the registration form (in French): an
overlap is refused next to the workshops, then two workshops are saved with the registration. axe on
every page."""

import pytest
from playwright.sync_api import expect

from events import demo
from events.models import Event, Registration
from members import demo as members_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

STRATEGY = "Élaborer une stratégie de médias sociaux"
RISK = "Gestion des risques liés aux médias sociaux"
WHO = "Qui êtes-vous en ligne\u202f?"


def test_register_and_pick_workshops_in_one_submission_in_french(visitor_factory):
    members_demo.load()
    demo.load()
    event = Event.objects.get(slug="social-media-learning-day-2027")
    member = UserFactory(full_name="Élise Tremblay", email="elise.tremblay@tc.gc.ca", preferred_language="fr")

    v = visitor_factory("member-fr", locale="fr-CA")
    v.sign_in(member)
    v.goto(f"/fr/evenements/{event.slug}/inscription/")
    v.check("inscription avec ateliers")
    v.page.get_by_label(STRATEGY).check()
    v.page.get_by_label(RISK).check()
    v.page.get_by_role("button", name="M'inscrire").click()
    v.check("chevauchement refusé")
    errors = v.page.locator("#id_workshops_error")
    expect(errors).to_contain_text(f"« {RISK} » a lieu en même temps que « {STRATEGY} »")
    assert not Registration.objects.filter(user=member).exists()

    v.page.get_by_label(RISK).uncheck()
    v.page.get_by_label(WHO).check()
    v.page.get_by_role("button", name="M'inscrire").click()
    v.check("mes evenements")
    expect(v.page.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    expect(v.page.get_by_text("Vos ateliers sont enregistrés.")).to_be_visible()
    expect(v.page.locator(".my-workshops li")).to_have_count(2)
    registration = Registration.objects.get(event=event, user=member)
    assert registration.status == "confirmed"
    assert registration.choices.count() == 2
