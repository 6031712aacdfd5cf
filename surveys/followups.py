"""After the day: "Learning is a process – not a day". When an event hosted by a community ends, the
community gets a follow-up discussion with the event's materials; participants are invited to it once
(a recorded email; those who turned the invitations off are not); when the feedback survey closes, its
highlights are added as a reply, once. Beat runs `run_followups` every quarter hour: each step is
recorded on the FollowUp row, so a tick run twice, or after an outage, does nothing twice.

The discussion is written by the portal in both official languages (each part marked with its `lang`)
and posted on behalf of the event's first organizer.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from communities.services import post_announcement, post_announcement_reply
from events.models import Event, Registration
from events.notifications import already_sent_to, topic
from nmc_portal.bilingual import localized
from nmc_portal.discovery import app_modules
from nmc_portal.emails import queue_email
from nmc_portal.models import OutboundEmail

from .models import FollowUp, Survey
from .results import results_for

# Events that ended longer ago than this get no follow-up (nor do old events when this ships).
HORIZON = dt.timedelta(days=30)
# Highlights show only with this many responses: a survey with one or two answers would reveal them.
MIN_RESPONSES = 3
TOP_SESSIONS = 3


def materials_for(event):
    return [resource for module in app_modules("event_materials") for resource in module.materials_for(event)]


def _absolute(url_name, language, **kwargs):
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


def _bilingual(template, context):
    """(Markdown-free plain text, HTML) of `template` in English then French, each part marked."""
    parts_text, parts_html = [], []
    for language in ("en", "fr"):
        with translation.override(language):
            html = render_to_string(f"{template}.html", {**context, "language": language})
            text = render_to_string(f"{template}.txt", {**context, "language": language})
        parts_html.append(f'<div lang="{language}">{html.strip()}</div>')
        parts_text.append(text.strip())
    return "\n\n---\n\n".join(parts_text), "\n".join(parts_html)


def ended_events(now):
    """Published or completed events hosted by a community, over (their last session ended) within the
    horizon, with no follow-up yet."""
    events = (
        Event.objects.filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED],
            community__isnull=False,
            followup__isnull=True,
            end_date__gte=(now - HORIZON).date(),
            end_date__lte=now.date() + dt.timedelta(days=1),
        )
        .select_related("community")
        .annotate(last_session_end=Max("sessions__ends_at"))
        .order_by("pk")
    )
    return [event for event in events if event.last_ends_at() <= now]


def feedback_survey(event):
    return Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK).select_related("event").first()


def start_followup(event, now=None):
    """The follow-up discussion of `event` and its invitations, once. Returns the FollowUp, or None when
    another process started it."""
    now = now or timezone.now()
    organizer = event.organizers.order_by("pk").first()
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(event=event)
            if organizer is None:
                return followup  # nobody to speak for the event: recorded, nothing posted
            survey = feedback_survey(event)
            title_en = localized(event, "title", "en")[0]
            title_fr = localized(event, "title", "fr")[0]
            body, body_html = _bilingual(
                "surveys/followup/thread",
                {
                    "event": event,
                    "materials": materials_for(event),
                    "survey": survey,
                    "survey_closes": survey.window()[1] if survey else None,
                    "event_url_en": _absolute("events:detail", "en", slug=event.slug),
                    "event_url_fr": _absolute("events:detail", "fr", slug=event.slug),
                    "site_url": settings.SITE_URL,
                },
            )
            followup.thread = post_announcement(
                community=event.community,
                author=organizer,
                title=f"After the day: {title_en} · Après la journée\u00a0: {title_fr}",
                body=body,
                body_html=body_html,
                language="en",
            )
            followup.save(update_fields=["thread"])
            invite_participants(followup)
    except IntegrityError:
        return None
    return followup


def invite_participants(followup):
    """One recorded email per participant (confirmed, with an account, invitations on), in their language."""
    event, thread = followup.event, followup.thread
    key = f"followup:{event.pk}"
    done = already_sent_to(OutboundEmail.Kind.EVENT_FOLLOWUP, key)
    registrations = Registration.objects.filter(
        event=event,
        status=Registration.Status.CONFIRMED,
        user__isnull=False,
        user__is_active=True,
        user__event_followups=True,
    ).select_related("user")
    count = 0
    for registration in registrations:
        member = registration.user
        if member.email in done:
            continue
        with translation.override(member.preferred_language):
            thread_url = settings.SITE_URL + thread.get_absolute_url()
        queue_email(
            kind=OutboundEmail.Kind.EVENT_FOLLOWUP,
            recipient=member,
            object_key=key,
            template="emails/surveys/followup",
            context={
                "event": event,
                "community": event.community,
                "thread_url": thread_url,
                "preferences_url": _absolute("members:profile_edit", member.preferred_language),
            },
            topic=topic(event),
        )
        count += 1
    return count


def highlights(survey):
    """What the follow-up shares of a closed feedback survey: counts and averages, never a comment."""
    results = results_for(survey)
    if results.responses < MIN_RESPONSES:
        return None
    overall = next((q.average for q in results.questions if q.question.kind == "rating"), None)
    sessions = [
        s
        for q in results.questions
        if q.question.kind == "session_rating"
        for s in q.sessions
        if s.average is not None and s.answered >= MIN_RESPONSES
    ]
    sessions.sort(key=lambda s: (-s.average, s.session.starts_at))
    return {
        "responses": results.responses,
        "rate": results.rate,
        "overall": overall,
        "sessions": sessions[:TOP_SESSIONS],
    }


def post_highlights(followup, now=None):
    """Add the survey's highlights once it has closed. Returns True when the step is done."""
    now = now or timezone.now()
    survey = feedback_survey(followup.event)
    if survey is not None and not survey.has_closed(now):
        return False
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update(of=("self",)).filter(
            pk=followup.pk, highlights_posted_at__isnull=True
        )
        followup = locked.select_related("thread", "event").first()
        if followup is None:
            return True  # done by another process
        found = highlights(survey) if survey is not None else None
        if found is not None and followup.thread is not None and followup.thread.is_visible:
            body, body_html = _bilingual("surveys/followup/highlights", {"event": followup.event, **found})
            organizer = followup.event.organizers.order_by("pk").first() or followup.thread.author
            post_announcement_reply(
                thread=followup.thread, author=organizer, body=body, body_html=body_html, language="en"
            )
        followup.highlights_posted_at = now
        followup.save(update_fields=["highlights_posted_at"])
    return True


def run_followups(now=None):
    """The beat job: start the follow-ups of events that ended, add highlights of closed surveys."""
    now = now or timezone.now()
    started = sum(1 for event in ended_events(now) if start_followup(event, now) is not None)
    waiting = FollowUp.objects.filter(
        highlights_posted_at__isnull=True, event__end_date__gte=(now - 2 * HORIZON).date()
    )
    posted = sum(1 for followup in waiting.select_related("event") if post_highlights(followup, now))
    return {"started": started, "highlights": posted}
