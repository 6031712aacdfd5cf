"""What follows from a needs consultation, once each:

- **Publishing the agenda** (events.services.agenda.publish_event calls surveys.event_hooks.on_publish):
  the consultation's respondents are told, by a recorded email in their language, that the agenda
  answering it is published, with the topics that got sessions. An anonymous consultation stores no
  link from a response to a person; only the respondent key, a keyed hash of (survey, member), which
  the server alone can compute. So the respondents are found by computing that key for each active
  member who accepts these emails (members.User.needs_answered, a choice of their profile) and keeping
  those whose key has a response (an HMAC per member, in Python: milliseconds for thousands). Nothing
  of the answers is read or written into the email. Key (kind, recipient, "needs-agenda:<survey>"):
  publishing twice, or unpublishing and publishing again, sends nothing more.
- **Copying the event** (copy_event calls on_copy): the unmet needs (surveys.needs_results) become the
  topics of a new, unopened consultation of the copy.
- **The hosting community** gets the unmet needs as a suggested discussion once the results are final
  (the feedback survey has closed): beat's run_followups_task calls `suggest_unmet_needs`; the
  NeedsSuggestion row (primary key: the event) makes it once, whoever runs it twice.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.services import post_announcement
from events.models import Event
from events.notifications import topic as event_topic
from members.models import User
from nmc_portal.bilingual import localized
from nmc_portal.emails import language_of, queue_emails
from nmc_portal.models import OutboundEmail

from .followups import _absolute, _bilingual
from .links import respondent_key
from .models import NeedsSuggestion, Response, SessionNeed, Survey
from .needs_results import event_has_ended, feedback_survey_of, results_are_final, unmet_topics
from .results import choice_label
from .services import create_consultation

# Events whose last day is older than this are not suggested (nor are old events when this ships).
SUGGESTION_HORIZON = dt.timedelta(days=90)


# Publishing: the respondents hear that the agenda answers them ----------------------------------


def answered_topics(survey):
    """[topic {"en", "fr"}] of the consultation's topics that at least one session answers. One query."""
    question_choices = {}
    for question_id, choices, choice in (
        SessionNeed.objects.filter(question__survey=survey)
        .order_by("question_id", "choice")
        .values_list("question_id", "question__choices", "choice")
        .distinct()
    ):
        if choice < len(choices):
            question_choices.setdefault((question_id, choice), choices[choice])
    return list(question_choices.values())


def respondents_of(survey):
    """The active members who answered `survey` and accept event follow-ups, found by their respondent
    key (the survey may be anonymous). Two queries, whatever the number of members."""
    keys = set(Response.objects.filter(survey=survey).values_list("respondent_key", flat=True))
    if not keys:
        return []
    members = User.objects.filter(is_active=True, needs_answered=True).only(
        "pk", "email", "full_name", "preferred_language"
    )
    return [member for member in members.iterator(chunk_size=2000) if respondent_key(survey, member) in keys]


def notify_respondents(event):
    """Queue the "your agenda is published" email of each consultation of `event` whose topics some
    session answers. Returns how many emails were recorded by this call."""
    count = 0
    for survey in Survey.objects.filter(event=event, kind=Survey.Kind.NEEDS).order_by("pk"):
        topics = answered_topics(survey)
        if not topics:
            continue
        recipients = [
            (member, {"needs": [choice_label(t, language_of(member)) for t in topics]})
            for member in respondents_of(survey)
        ]
        count += queue_emails(
            kind=OutboundEmail.Kind.NEEDS_AGENDA_PUBLISHED,
            object_key=f"needs-agenda:{survey.pk}",
            template="emails/surveys/needs_agenda",
            recipients=recipients,
            context={"event": event, "survey": survey, "site_url": settings.SITE_URL},
            topic=event_topic(event),
        )
    return count


# Copying: next year's consultation starts from what was not met ---------------------------------


def carry_unmet_needs(event, copy, now=None):
    """A new consultation of `copy` whose topics are the unmet needs of `event`, or None when all were
    met (or `event` had no consultation). Not opened: the organizers check it first."""
    topics = unmet_topics(event, now)
    if not topics:
        return None
    title_en, title_fr = localized(copy, "title", "en")[0], localized(copy, "title", "fr")[0]
    return create_consultation(
        event=copy,
        topics=topics,
        title_en=f"Which topics do you need? {title_en}",
        title_fr=f"De quels sujets avez-vous besoin\u202f? {title_fr}",
    )


# The hosting community: a suggested discussion of the unmet needs, once ------------------------


def events_to_suggest(now):
    """Events with a community and a needs consultation, over within the horizon, not suggested yet."""
    return list(
        Event.objects.filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED],
            community__isnull=False,
            needs_suggestion__isnull=True,
            surveys__kind=Survey.Kind.NEEDS,
            end_date__gte=(now - SUGGESTION_HORIZON).date(),
            end_date__lte=now.date(),
        )
        .select_related("community")
        .distinct()
        .order_by("pk")
    )


def suggest_to_community(event, now=None):
    """Post the suggested discussion of `event`'s unmet needs in its community, once, when the results
    are final. Returns the NeedsSuggestion made now, or None (not final yet, or already done)."""
    now = now or timezone.now()
    if event.community_id is None or not event_has_ended(event, now):
        return None
    if not results_are_final(event, feedback_survey_of(event), now):
        return None
    try:
        with transaction.atomic():
            suggestion = NeedsSuggestion.objects.create(event=event)
            topics = unmet_topics(event, now)
            organizer = event.organizers.order_by("pk").first()
            suggestion.topics = topics
            if topics and organizer is not None:
                body, body_html = _bilingual(
                    "surveys/needs/suggestion",
                    {
                        "event": event,
                        "topics": topics,
                        "event_url_en": _absolute("events:detail", "en", slug=event.slug),
                        "event_url_fr": _absolute("events:detail", "fr", slug=event.slug),
                    },
                )
                title_en = localized(event, "title", "en")[0]
                title_fr = localized(event, "title", "fr")[0]
                suggestion.thread = post_announcement(
                    community=event.community,
                    author=organizer,
                    title=(
                        f"Needs still to meet after {title_en} · Besoins encore à combler après {title_fr}"
                    ),
                    body=body,
                    body_html=body_html,
                    language="en",
                )
            suggestion.save(update_fields=["topics", "thread"])
    except IntegrityError:  # another process made it first
        return None
    return suggestion


def suggest_unmet_needs(now=None):
    """The beat job's step (surveys.tasks.run_followups_task): every event due gets its suggestion."""
    now = now or timezone.now()
    return sum(1 for event in events_to_suggest(now) if suggest_to_community(event, now) is not None)
