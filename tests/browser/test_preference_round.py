"""A member ranks workshops in a preference round, in English and in French: a workshop chosen twice is
refused next to its field, the ranking is saved, the round closes (the beat task, called directly),
and the result is on My events and the ticket, and in the email, in the member's language. The
organizer reads the outcome and the re-run check. axe on every page and state."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from events import tasks
from events.models import PreferenceRound, WorkshopChoice, WorkshopRanking
from events.services import preferences as rounds
from nmc_portal.emails import send_recorded_emails
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, RegistrationFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "locale": "en-CA",
        "rank link": "Rank my workshops (preference round)",
        "morning": re.compile(r"Workshops from 9:00"),
        "afternoon": re.compile(r"Workshops from 1:00"),
        "choice": lambda n: f"Choice {n}",
        "save": "Save my ranking",
        "twice": "You already chose this workshop as choice 1: choose another one or none.",
        "saved": "Your ranking is saved. Nothing is assigned until the ranking closes.",
        "coaching": "Coaching conversations",
        "budgets": "Budgets that work",
        "data": "Data for decisions",
        "seat": "Seat confirmed",
        "subject": "Your workshops for Pacific Learning Day",
        "email line": "a seat in “Coaching conversations” (your choice number 1)",
        "check": "the allocation gives the same order, the same seats and the same waitlists",
        "round link": "Preference round",
        "demand": "Confirmed registrants who have ranked workshops: 1 of 1.",
        "closes": "Ranking closes",
        "save window": "Save the window",
        "window refused": "The ranking must close after it opens.",
    },
    "fr": {
        "locale": "fr-CA",
        "rank link": "Classer mes ateliers (ronde de préférences)",
        "morning": re.compile(r"Ateliers de 9\sh"),
        "afternoon": re.compile(r"Ateliers de 13\sh"),
        "choice": lambda n: f"Choix {n}",
        "save": "Enregistrer mon classement",
        "twice": "Vous avez déjà choisi cet atelier comme choix 1\u00a0: choisissez-en un autre ou aucun.",
        "saved": "Votre classement est enregistré. Rien n'est attribué avant la clôture du classement.",
        "coaching": "Conversations d'accompagnement",
        "budgets": "Des budgets qui fonctionnent",
        "data": "Des données pour décider",
        "seat": "Place confirmée",
        "subject": "Vos ateliers pour Journée d'apprentissage du Pacifique",
        "email line": (
            "une place à l'atelier «\u00a0Conversations d'accompagnement\u00a0» (votre choix numéro 1)"
        ),
        "check": "l'attribution donne le même ordre, les mêmes places et les mêmes listes d'attente",
        "round link": "Ronde de préférences",
        "demand": "Personnes inscrites confirmées ayant classé des ateliers\u00a0: 1 sur 1.",
        "closes": "Clôture du classement",
        "save window": "Enregistrer la période",
        "window refused": "Le classement doit se clore après son ouverture.",
    },
}


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_ranks_workshops_the_round_closes_and_the_result_arrives(visitor_factory, language):
    words = WORDS[language]
    now = timezone.now()
    organizer = UserFactory(full_name="Olivia Singh", preferred_language=language)
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        organizers=[organizer],
        max_workshops_per_person=2,
    )
    workshop(
        event, 9, capacity=1, title_en="Coaching conversations", title_fr="Conversations d'accompagnement"
    )
    workshop(event, 9, capacity=1, title_en="Budgets that work", title_fr="Des budgets qui fonctionnent")
    workshop(event, 13, capacity=1, title_en="Data for decisions", title_fr="Des données pour décider")
    round_ = rounds.set_preference_round(
        event=event, opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(hours=71)
    )
    member = UserFactory(full_name="Marie Lavoie", preferred_language=language)
    registration = RegistrationFactory(event=event, user=member)

    v = visitor_factory(f"preference-round-{language}", locale=words["locale"])
    v.sign_in(member)
    v.goto(url("events:mine", language))
    v.page.get_by_role("link", name=words["rank link"]).click()
    v.check(f"ranking page {language}")
    morning = v.page.get_by_role("group", name=words["morning"])
    afternoon = v.page.get_by_role("group", name=words["afternoon"])

    # The same workshop twice: refused next to the second choice, nothing saved.
    morning.get_by_label(words["choice"](1)).select_option(label=words["coaching"])
    morning.get_by_label(words["choice"](2)).select_option(label=words["coaching"])
    v.page.get_by_role("button", name=words["save"]).click()
    v.check(f"ranking refused {language}")
    expect(v.page.locator("#id_slot0_choice2_error")).to_have_text(words["twice"])
    assert WorkshopRanking.objects.count() == 0

    morning = v.page.get_by_role("group", name=words["morning"])
    morning.get_by_label(words["choice"](2)).select_option(label=words["budgets"])
    v.page.get_by_role("group", name=words["afternoon"]).get_by_label(words["choice"](1)).select_option(
        label=words["data"]
    )
    v.page.get_by_role("button", name=words["save"]).click()
    v.check(f"ranking saved {language}")
    expect(v.page.get_by_text(words["saved"])).to_be_visible()
    assert sorted(WorkshopRanking.objects.values_list("session__title_en", "rank")) == [
        ("Budgets that work", 2),
        ("Coaching conversations", 1),
        ("Data for decisions", 1),
    ]
    del afternoon

    # The organizer reads the demand while the round is open; a window closing before it opens is
    # refused next to its field.
    o = visitor_factory(f"preference-round-organizer-{language}", locale=words["locale"])
    o.sign_in(organizer)
    o.goto(url("events:dashboard", language, slug=event.slug))
    o.page.get_by_role("link", name=words["round link"]).click()
    o.check(f"round demand {language}")
    expect(o.page.get_by_text(words["demand"])).to_be_visible()
    o.page.get_by_label(words["closes"]).fill("2020-01-01T09:00")
    o.page.get_by_role("button", name=words["save window"]).click()
    o.check(f"round window refused {language}")
    expect(o.page.locator("#id_closes_at_error")).to_have_text(words["window refused"])
    assert PreferenceRound.objects.get(pk=round_.pk).closes_at > now

    # The window closes; the beat job runs the round once.
    PreferenceRound.objects.filter(pk=round_.pk).update(
        opens_at=now - dt.timedelta(hours=73), closes_at=now - dt.timedelta(minutes=1)
    )
    OutboundEmail.objects.all().delete()
    assert tasks.run_preference_rounds_task() == 1
    assert tasks.run_preference_rounds_task() == 0
    assert sorted(
        WorkshopChoice.objects.filter(registration=registration).values_list("session__title_en", "status")
    ) == [("Coaching conversations", "confirmed"), ("Data for decisions", "confirmed")]
    emails = OutboundEmail.objects.filter(kind="preference_result")
    assert list(emails.values_list("recipient_email", "language")) == [(member.email, language)]
    mail.outbox.clear()
    send_recorded_emails(list(emails.values_list("pk", flat=True)))
    assert [m.subject for m in mail.outbox] == [words["subject"]]
    assert words["email line"] in mail.outbox[0].body

    v.goto(url("events:mine", language))
    workshops = v.page.locator(".my-workshops li")
    expect(workshops).to_have_count(2)
    expect(workshops.first).to_contain_text(words["coaching"])
    expect(workshops.first).to_contain_text(words["seat"])
    expect(v.page.get_by_role("link", name=words["rank link"])).to_have_count(0)
    v.goto(url("events:ticket", language, slug=event.slug))
    expect(v.page.get_by_text(words["coaching"])).to_be_visible()

    o.goto(url("events:preference_round", language, slug=event.slug))
    expect(o.page.locator("#rerun-check")).to_contain_text(words["check"])
    o.page.locator("summary").first.click()
    o.check(f"round outcome {language}")
    expect(o.page.locator(".round-order li")).to_have_count(1)
