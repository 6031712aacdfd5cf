"""A participant opens the feedback invitation link (no sign-in), answers in French and edits the answers;
the organizer reads the charts and opens the needs consultation. axe on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import demo
from events.models import Event, Session
from events.services import registration as signups
from members import demo as members_demo
from nmc_portal.launch import DEMO_PASSWORD
from nmc_portal.models import OutboundEmail
from surveys import demo as surveys_demo
from surveys import notifications, services
from surveys.models import Response, Survey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_answer_in_french_from_the_invitation_edit_then_the_organizer_reads_the_charts(visitor_factory):
    members_demo.load()
    demo.load()
    surveys_demo.load()
    event = Event.objects.get(slug="social-media-learning-day-2027")
    Event.objects.filter(pk=event.pk).update(registration_opens_at=None)
    event.refresh_from_db()
    member = UserFactory(full_name="Étienne Gagnon", email="etienne.gagnon@tc.gc.ca", preferred_language="fr")
    registration = signups.register(event=event, member=member)
    strategy = Session.objects.get(event=event, title_en="Building a Social Media Strategy")
    signups.choose_workshops(registration=registration, sessions=[strategy])
    survey = services.ensure_feedback_survey(event)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - dt.timedelta(hours=1), closes_at=timezone.now() + dt.timedelta(days=14)
    )
    notifications.send_due_survey_emails()
    invitation = OutboundEmail.objects.get(kind="survey_invitation", recipient=member)
    path = re.search(r"http://[^/]+(/fr/\S+/)", invitation.body_text).group(1)

    # The invitation link, in a browser with no session: the form in French.
    v = visitor_factory("participant-fr", locale="fr-CA")
    v.goto(path)
    expect(v.page.get_by_role("heading", level=1)).to_have_text(
        "Vos commentaires\u00a0: Journée d'apprentissage sur les médias sociaux"
    )
    overall = v.page.get_by_role("group", name="Dans l'ensemble, comment évaluez-vous l'événement\u202f?")
    overall.get_by_label("4 – Très bien").check()
    strategy_group = v.page.get_by_role("group", name="Élaborer une stratégie de médias sociaux")
    strategy_group.get_by_label("5 – Excellent").check()
    v.page.get_by_label("Qu'est-ce qui vous a été le plus utile\u202f?").fill("Le modèle de stratégie.")
    v.page.get_by_label("Mieux-être et santé mentale").check()
    v.page.get_by_role("button", name="Envoyer mes réponses").click()
    v.check("reponses envoyees")
    expect(v.page.get_by_text("Merci\u00a0: vos réponses sont enregistrées.")).to_be_visible()
    expect(v.page.get_by_text("Vous avez répondu à ce sondage")).to_be_visible()

    # Back later: the answers are there, and change.
    expect(overall.get_by_label("4 – Très bien")).to_be_checked()
    overall.get_by_label("2 – Passable").check()
    v.page.get_by_label("Que devrions-nous améliorer\u202f?").fill("Des ateliers plus longs.")
    v.page.get_by_role("button", name="Enregistrer mes modifications").click()
    v.check("reponses modifiees")
    assert Response.objects.filter(survey=survey).count() == 1
    answers = {
        a.question.kind + str(a.session_id or ""): a
        for a in Response.objects.get(survey=survey).answers.all()
    }
    assert answers["rating"].rating == 2
    assert answers[f"session_rating{strategy.pk}"].rating == 5
    assert Response.objects.get(survey=survey).member_id is None  # anonymous

    # A tampered link: a clear page.
    v.goto(path[:-4] + "xyz/")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Ce lien de sondage ne peut pas être utilisé")

    # The organizer reads last year's results: charts with their tables.
    o = visitor_factory("organizer")
    o.sign_in(members_demo.demo_user("organizer@demo.gc.ca"), password=DEMO_PASSWORD)
    past = Survey.objects.get(event__slug="social-media-learning-day-2026", kind=Survey.Kind.FEEDBACK)
    o.goto("/en/events/manage/social-media-learning-day-2026/")
    o.page.get_by_role("link", name="Surveys").click()
    o.check("surveys list")
    o.page.get_by_role("link", name=re.compile("^Results –")).first.click()
    o.check("results with charts")
    expect(o.page.get_by_text("31 responses from 48 participants: a response rate of 65%.")).to_be_visible()
    expect(o.page.get_by_role("img", name="Overall, how would you rate the event?")).to_be_visible()
    expect(o.page.get_by_role("img", name="How useful was each session?")).to_be_visible()
    expect(o.page.get_by_role("table", name="Overall, how would you rate the event?")).to_be_visible()
    assert past.pk

    # This year's survey, answered just now, and the emails the event sent.
    o.goto(f"/en/events/manage/{event.slug}/surveys/{survey.pk}/results/")
    expect(o.page.get_by_text("Le modèle de stratégie.")).to_be_visible()
    o.goto(f"/en/events/manage/{event.slug}/emails/")
    expect(o.page.get_by_role("cell", name="etienne.gagnon@tc.gc.ca").first).to_be_visible()
    o.goto(f"/en/events/manage/{event.slug}/surveys/{survey.pk}/")

    # A member answers the forum's needs consultation from the events list (the forum is a draft).
    m = visitor_factory("member")
    m.sign_in(members_demo.demo_user("manager@demo.gc.ca"), password=DEMO_PASSWORD)
    m.goto("/en/events/")
    m.page.get_by_role("link", name=re.compile("Which topics do you need?")).click()
    m.check("consultation")
    m.page.get_by_label("Leading hybrid teams").check()
    m.page.get_by_label("Mental health in the workplace").check()
    m.page.get_by_role("button", name="Send my answers").click()
    m.check("consultation answered")
    forum = Survey.objects.get(event__slug="national-managers-forum-2027")
    o.goto(f"/en/events/manage/national-managers-forum-2027/surveys/{forum.pk}/results/")
    expect(o.page.get_by_role("img", name="Which topics do you need?")).to_be_visible()
