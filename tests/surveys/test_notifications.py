"""Survey emails found by beat: feedback surveys made for published events, invitations when a survey
opens and one reminder to non-respondents; each recorded once per (kind, recipient, survey)."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, Registration
from events.services import agenda as event_services
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from surveys import links, notifications, services, tasks
from surveys.models import Survey
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def emails(kind):
    return list(OutboundEmail.objects.filter(kind=kind).order_by("recipient_email"))


def test_feedback_invitations_when_the_survey_opens_and_one_reminder_to_non_respondents():
    event = EventFactory(reminder_days=[])
    SessionFactory(event=event)
    answered, silent = UserFactory(), UserFactory(preferred_language="fr")
    for member in (answered, silent):
        signups.register(event=event, member=member)
    survey = services.ensure_feedback_survey(event)
    opens = survey.open_from
    assert opens == event.last_ends_at() + dt.timedelta(hours=2)
    assert notifications.send_due_survey_emails(now=opens - dt.timedelta(minutes=1)) == 0
    assert notifications.send_due_survey_emails(now=opens) == 2
    assert notifications.send_due_survey_emails(now=opens) == 0
    invitation = OutboundEmail.objects.get(kind="survey_invitation", recipient_email=silent.email)
    assert invitation.subject == f"Comment était {event.title_fr}\u202f? Dites-le-nous"
    token_path = links.answer_path(survey, silent, "fr")
    assert f"/fr/evenements/{event.slug}/" in invitation.body_text
    assert token_path.split("/")[-3] == str(survey.pk)
    services.save_response(
        survey=survey, member=answered, answers=[(survey.questions.first(), None, 5)], now=opens
    )
    later = opens + dt.timedelta(days=7)
    assert notifications.send_due_survey_emails(now=later) == 1
    assert notifications.send_due_survey_emails(now=later + dt.timedelta(days=1)) == 0  # one reminder only
    assert [e.recipient_email for e in emails("survey_reminder")] == [silent.email]
    survey.refresh_from_db()
    assert notifications.send_due_survey_emails(now=survey.closes_at) == 0  # closed: nothing more


def test_the_beat_job_makes_the_feedback_survey_from_the_template_once_published():
    event = EventFactory(status=Event.Status.DRAFT)
    notifications.ensure_feedback_surveys()
    assert not event.surveys.exists()  # a draft gets none
    event_services.publish_event(event=event)
    notifications.ensure_feedback_surveys()
    survey = event.surveys.get()
    assert [(q.kind, q.required) for q in survey.questions.all()] == [
        ("rating", True),
        ("session_rating", False),
        ("text", False),
        ("text", False),
        ("multiple", False),
        ("single", False),
    ]
    assert services.ensure_feedback_survey(event) == survey  # idempotent
    notifications.ensure_feedback_surveys()
    assert event.surveys.count() == 1


def test_a_feedback_survey_follows_the_agenda_until_it_opens():
    event = EventFactory(reminder_days=[])
    session = SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
    survey = services.ensure_feedback_survey(event)
    assert (survey.opens_at, survey.closes_at) == (None, None)
    assert Survey.objects.get(pk=survey.pk).window() == (at(event, 12), at(event, 12, day=14))
    event_services.update_session(session=session, starts_at=at(event, 15), ends_at=at(event, 17))
    assert Survey.objects.get(pk=survey.pk).window() == (at(event, 19), at(event, 19, day=14))


def test_the_invitations_fix_the_window_they_announce():
    event = EventFactory(reminder_days=[])
    session = SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
    signups.register(event=event, member=UserFactory())
    survey = services.ensure_feedback_survey(event)
    assert notifications.send_due_survey_emails(now=at(event, 12)) == 1
    survey.refresh_from_db()
    assert (survey.opens_at, survey.closes_at) == (at(event, 12), at(event, 12, day=14))
    session.refresh_from_db()
    event_services.update_session(session=session, starts_at=at(event, 15), ends_at=at(event, 17))
    assert Survey.objects.get(pk=survey.pk).window() == (at(event, 12), at(event, 12, day=14))


def test_an_organizer_set_closing_is_kept_while_the_opening_follows_the_agenda():
    event = EventFactory()
    SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
    survey = services.ensure_feedback_survey(event)
    services.update_survey(survey=survey, closes_at=at(event, 12, day=3))
    assert Survey.objects.get(pk=survey.pk).window() == (at(event, 12), at(event, 12, day=3))


def test_no_invitation_for_drafts_cancelled_events_or_those_not_confirmed():
    draft = EventFactory(status=Event.Status.DRAFT)
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    published = EventFactory()
    for event in (draft, cancelled, published):
        SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
        RegistrationFactory(event=event)
        services.ensure_feedback_survey(event)
    RegistrationFactory(event=published, status=Registration.Status.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=published, status=Registration.Status.CANCELLED)
    assert notifications.send_due_survey_emails(now=at(draft, 13)) == 1
    assert [e.object_key for e in emails("survey_invitation")] == [f"survey:{published.surveys.get().pk}"]


def test_a_needs_consultation_sends_no_invitation():
    event = EventFactory()
    signups.register(event=event, member=UserFactory())
    consultation = services.create_consultation(event=event, topics=[{"en": "A"}, {"en": "B"}])
    services.open_survey(survey=consultation)
    OutboundEmail.objects.all().delete()
    assert notifications.send_due_survey_emails() == 0
    assert OutboundEmail.objects.count() == 0


def test_the_survey_beat_task_makes_the_survey_and_invites_when_due():
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    event = EventFactory(start_date=yesterday, reminder_days=[])
    SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
    registration = RegistrationFactory(event=event)
    assert tasks.send_due_survey_emails_task() == 1
    survey = event.surveys.get()
    assert (survey.opens_at, survey.closes_at) == (at(event, 12), at(event, 12, day=14))
    assert [e.recipient_email for e in emails("survey_invitation")] == [registration.user.email]
    assert tasks.send_due_survey_emails_task() == 0
