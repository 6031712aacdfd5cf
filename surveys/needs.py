"""Needs shape the agenda: a needs consultation's topics (the choices of its first multiple-choice
question) linked to the sessions that answer them, and what the agenda builder's "Needs" panel reads.

A need is answered by zero or more sessions of the same event (SessionNeed). Linking or unlinking
touches the event, so cached agenda pages (nmc_portal.pagecache) never show a stale "You asked for".
Never a name: the panel counts respondents by region and level and lists free text, whoever answered.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Session
from events.services.agenda import create_session, touch_event
from members.models import Level, Region
from nmc_portal.errors import DomainError

from .models import Answer, Question, Response, SessionNeed, Survey
from .results import Comment, choice_label

# Prefilled descriptions of a session made from a need: content in both languages, not interface text.
DESCRIPTION_EN = "Participants asked for this topic in the needs consultation: “{topic}”."
DESCRIPTION_FR = (
    "Les participants ont demandé ce sujet lors de la consultation sur les besoins"
    "\u00a0: «\u00a0{topic}\u00a0»."
)


def topics_question(survey):
    """The question whose choices are the consultation's topics: its first multiple-choice question."""
    if survey.kind != Survey.Kind.NEEDS:
        return None
    questions = survey.questions.all()
    if hasattr(survey, "_prefetched_objects_cache") and "questions" in survey._prefetched_objects_cache:
        return next((q for q in questions if q.kind == Question.Kind.MULTIPLE), None)
    return questions.filter(kind=Question.Kind.MULTIPLE).order_by("position", "pk").first()


def _need(survey, choice):
    """(topics question, topic) of `survey`, or a DomainError saying why there is no such need."""
    question = topics_question(survey)
    if question is None:
        raise DomainError(_("This survey is not a needs consultation with topics."))
    if not 0 <= choice < len(question.choices):
        raise DomainError(_("This consultation has no such topic."))
    return question, question.choices[choice]


def _check_session(survey, session):
    if session.event_id != survey.event_id:
        raise DomainError(_("Only a session of this event can answer its needs."), field="session")


@transaction.atomic
def link_session_to_need(*, survey, choice, session):
    """Say that `session` answers topic `choice`. Idempotent: linking twice keeps one link."""
    question, _topic = _need(survey, choice)
    _check_session(survey, session)
    link, created = SessionNeed.objects.get_or_create(question=question, choice=choice, session=session)
    if created:
        touch_event(survey.event)
    return link


@transaction.atomic
def unlink_session_from_need(*, survey, choice, session):
    """The session no longer answers the topic. Idempotent: unlinking what is not linked does nothing."""
    question, _topic = _need(survey, choice)
    _check_session(survey, session)
    deleted, _rows = SessionNeed.objects.filter(question=question, choice=choice, session=session).delete()
    if deleted:
        touch_event(survey.event)
    return deleted


def session_prefill(survey, choice):
    """The Add a session form's initial values for a session made from a need: both languages."""
    _question, topic = _need(survey, choice)
    title_en = topic.get("en") or topic.get("fr", "")
    title_fr = topic.get("fr") or title_en
    return {
        "title_en": title_en,
        "title_fr": title_fr,
        "description_en": DESCRIPTION_EN.format(topic=title_en),
        "description_fr": DESCRIPTION_FR.format(topic=title_fr),
    }


@transaction.atomic
def create_session_for_need(*, survey, choice, **session_fields):
    """Add a session to the agenda (events.services.agenda.create_session) that answers the need.
    Returns (session, conflicts)."""
    _need(survey, choice)
    session, conflicts = create_session(event=survey.event, **session_fields)
    link_session_to_need(survey=survey, choice=choice, session=session)
    return session, conflicts


# Reads -----------------------------------------------------------------------------------------


@dataclass
class Need:
    survey: object
    choice: int
    label: str
    count: int = 0
    regions: list = field(default_factory=list)  # [(label, count)], most first
    levels: list = field(default_factory=list)
    comments: list = field(default_factory=list)  # results.Comment: the text and its language, no name
    sessions: list = field(default_factory=list)

    @property
    def answered(self):
        return bool(self.sessions)


@dataclass
class NeedsPanel:
    survey: object
    respondents: int
    needs: list  # ranked: the most asked for first
    other_comments: list  # free text of respondents who chose no topic
    sessions: list  # the event's sessions, to link one
    template: str = "surveys/needs/_panel.html"  # included beside the builder's grid


def _breakdown(counter, choices):
    labels = dict(choices)
    return sorted(
        (
            (str(labels.get(key, _("Not given"))) if key else _("Not given"), count)
            for key, count in counter.items()
        ),
        key=lambda item: (-item[1], item[0]),
    )


def attach_sessions(question, needs):
    """Append to needs[n].sessions the sessions that answer topic n of `question`, in agenda order."""
    links = (
        SessionNeed.objects.filter(question=question)
        .select_related("session")
        .order_by("session__starts_at", "session__pk")
    )
    for link in links:
        if link.choice < len(needs):
            needs[link.choice].sessions.append(link.session)


def needs_panel(survey, sessions=None):
    """What the Needs panel shows of one consultation. Five queries (four when `sessions` is given),
    whatever the number of respondents, comments and sessions."""
    question = topics_question(survey)
    if question is None:
        return None
    responses = {
        r.pk: r for r in Response.objects.filter(survey=survey).only("pk", "region", "level", "language")
    }
    needs = [Need(survey, n, choice_label(choice)) for n, choice in enumerate(question.choices)]
    regions = [Counter() for _need in needs]
    levels = [Counter() for _need in needs]
    chosen = {}
    for response_id, choices in Answer.objects.filter(question=question).values_list(
        "response_id", "choices"
    ):
        valid = sorted(c for c in choices if 0 <= c < len(needs))
        chosen[response_id] = valid
        response = responses.get(response_id)
        for index in valid:
            needs[index].count += 1
            regions[index][response.region if response else ""] += 1
            levels[index][response.level if response else ""] += 1
    for need, region_counts, level_counts in zip(needs, regions, levels, strict=True):
        need.regions = _breakdown(region_counts, Region.choices)
        need.levels = _breakdown(level_counts, Level.choices)
    other = []
    texts = Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.TEXT).exclude(text="")
    for response_id, text in texts.order_by("pk").values_list("response_id", "text"):
        language = responses[response_id].language if response_id in responses else "en"
        comment = Comment(text, language)
        # Grouped under the first topic its author chose: free text says what a chosen topic means to them.
        topics = chosen.get(response_id)
        (needs[topics[0]].comments if topics else other).append(comment)
    attach_sessions(question, needs)
    if sessions is None:
        sessions = list(Session.objects.filter(event_id=survey.event_id).order_by("starts_at", "pk"))
    needs.sort(key=lambda need: (-need.count, need.choice))
    return NeedsPanel(survey, len(responses), needs, other, sessions)


def consultations_of(event):
    return list(
        Survey.objects.filter(event=event, kind=Survey.Kind.NEEDS).select_related("event").order_by("pk")
    )


def needs_by_session(event, session_ids=None):
    """{session pk: [topic label, ...]} of the needs the event's sessions answer, in the reader's language.
    One query."""
    links = SessionNeed.objects.filter(session__event=event, question__survey__kind=Survey.Kind.NEEDS)
    if session_ids is not None:
        links = links.filter(session_id__in=session_ids)
    found = {}
    for link in links.select_related("question").order_by("question_id", "choice"):
        choices = link.question.choices
        if link.choice < len(choices):
            found.setdefault(link.session_id, []).append(choice_label(choices[link.choice]))
    return found


def answered_needs(event):
    """[(value, label)] of the needs at least one session of the event answers, for the agenda's filter;
    value is "<question pk>-<choice>". One query."""
    links = (
        SessionNeed.objects.filter(session__event=event, question__survey__kind=Survey.Kind.NEEDS)
        .select_related("question")
        .order_by("question_id", "choice")
    )
    seen = {}
    for link in links:
        choices = link.question.choices
        if link.choice < len(choices):
            seen.setdefault(f"{link.question_id}-{link.choice}", choice_label(choices[link.choice]))
    return list(seen.items())


def sessions_answering(event, value):
    """Pks of the event's sessions that answer the need named by `value` ("<question pk>-<choice>")."""
    question_id, _sep, choice = str(value).partition("-")
    if not (question_id.isdigit() and choice.isdigit()):
        return set()
    return set(
        SessionNeed.objects.filter(
            session__event=event, question_id=int(question_id), choice=int(choice)
        ).values_list("session_id", flat=True)
    )
