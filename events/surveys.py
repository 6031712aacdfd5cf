"""Surveys: feedback after an event, needs consultations before one. Services, links and results.

Links: an invitation carries a signed token (django.core.signing, salted) naming the survey and the
member; no sign-in is needed to answer. The response is found again by a keyed hash of (survey,
member), so an anonymous survey stores no link from a response to a person, yet one can edit one's own.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from nmc_portal.bilingual import current_language, localized

from .models import Answer, Event, Question, Registration, Response, Session, Survey

FEEDBACK_DELAY = dt.timedelta(hours=2)  # after the last session ends
FEEDBACK_OPEN_FOR = dt.timedelta(days=14)
LINK_SALT = "events.surveys.link"
LINK_MAX_AGE = dt.timedelta(days=120)
RESPONDENT_SALT = "events.surveys.respondent"
RATINGS = [1, 2, 3, 4, 5]


class SurveyError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class LinkError(Exception):
    """An invitation link that cannot be used. `reason`: tampered, expired, other_survey."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# Default questions ------------------------------------------------------------------------------

FEEDBACK_TOPICS = [
    ("Leadership and managing teams", "Leadership et gestion d'équipes"),
    ("Digital tools and social media", "Outils numériques et médias sociaux"),
    ("Wellness and mental health", "Mieux-être et santé mentale"),
    ("Client service", "Service à la clientèle"),
    ("Policy and regulations", "Politiques et règlements"),
]


def feedback_questions():
    """(kind, English, French, required, choices) of the default feedback survey."""
    return [
        (
            "rating",
            "Overall, how would you rate the event?",
            "Dans l'ensemble, comment évaluez-vous l'événement?",
            True,
            [],
        ),
        (
            "session_rating",
            "How useful was each session?",
            "Quelle a été l'utilité de chaque séance?",
            False,
            [],
        ),
        ("text", "What was the most useful part?", "Qu'est-ce qui vous a été le plus utile?", False, []),
        ("text", "What should we improve?", "Que devrions-nous améliorer?", False, []),
        (
            "multiple",
            "Which topics would you like future learning events to cover?",
            "Quels sujets aimeriez-vous voir aux prochains événements d'apprentissage?",
            False,
            [{"en": en, "fr": fr} for en, fr in FEEDBACK_TOPICS],
        ),
        (
            "single",
            "Would you recommend this event to a colleague?",
            "Recommanderiez-vous cet événement à un collègue?",
            False,
            [{"en": "Yes", "fr": "Oui"}, {"en": "Maybe", "fr": "Peut-être"}, {"en": "No", "fr": "Non"}],
        ),
    ]


def needs_questions(topics):
    return [
        ("multiple", "Which topics do you need?", "De quels sujets avez-vous besoin?", True, topics),
        ("text", "Any other topic you need?", "Un autre sujet dont vous avez besoin?", False, []),
    ]


def _add_questions(survey, questions):
    Question.objects.bulk_create(
        Question(
            survey=survey, position=n, kind=kind, text_en=en, text_fr=fr, required=required, choices=choices
        )
        for n, (kind, en, fr, required, choices) in enumerate(questions)
    )


def parse_choices(text):
    """One choice a line, "English | French" (French optional) → [{"en": ..., "fr": ...}]."""
    choices = []
    for line in text.splitlines():
        if not line.strip():
            continue
        en, _sep, fr = line.partition("|")
        choices.append({"en": en.strip(), "fr": fr.strip()})
    return choices


def choices_text(choices):
    return "\n".join(f"{c['en']} | {c['fr']}" if c.get("fr") else c["en"] for c in choices)


# Services ---------------------------------------------------------------------------------------


def event_end(event):
    """When the event ends: its last session's end, else midnight after its last day (venue time)."""
    last = event.sessions.aggregate(last=Max("ends_at"))["last"]
    return last or event.ends_at()


def event_start(event):
    first = event.sessions.aggregate(first=Min("starts_at"))["first"]
    return first or event.starts_at()


def feedback_schedule(event):
    opens = event_end(event) + FEEDBACK_DELAY
    return opens, opens + FEEDBACK_OPEN_FOR


@transaction.atomic
def ensure_feedback_survey(event):
    """The event's feedback survey, made from the default template the first time. Idempotent."""
    survey = Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK).first()
    if survey is not None:
        return survey
    opens, closes = feedback_schedule(event)
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                event=event,
                kind=Survey.Kind.FEEDBACK,
                title_en=f"Your feedback: {event.title_en}",
                title_fr=f"Vos commentaires : {event.title_fr or event.title_en}",
                intro_en="Tell us what worked and what to change: your answers shape the next event.",
                intro_fr="Dites-nous ce qui a fonctionné et ce qu'il faut changer : vos réponses "
                "façonnent le prochain événement.",
                anonymous=True,
                opens_at=opens,
                closes_at=closes,
            )
            _add_questions(survey, feedback_questions())
    except IntegrityError:  # made at the same moment by another request: the unique constraint kept one
        return Survey.objects.get(event=event, kind=Survey.Kind.FEEDBACK)
    return survey


@transaction.atomic
def reschedule_feedback_survey(event):
    """After the event's dates or agenda change: a feedback survey that has not opened follows them."""
    survey = Survey.objects.select_for_update().filter(event=event, kind=Survey.Kind.FEEDBACK).first()
    if survey is None or survey.has_opened() or survey.responses.exists():
        return survey
    survey.opens_at, survey.closes_at = feedback_schedule(event)
    survey.save(update_fields=["opens_at", "closes_at"])
    return survey


@transaction.atomic
def create_consultation(*, event, topics, title_en="", title_fr=""):
    """A needs consultation ("which topics do you need?"), not open yet: organizers check it first."""
    if not topics:
        raise SurveyError(_("List at least one topic."), field="topics")
    survey = Survey.objects.create(
        event=event,
        kind=Survey.Kind.NEEDS,
        title_en=title_en or f"Which topics do you need? {event.title_en}",
        title_fr=title_fr or f"De quels sujets avez-vous besoin? {event.title_fr or event.title_en}",
        intro_en="Help us build an agenda that meets your needs.",
        intro_fr="Aidez-nous à bâtir un programme qui répond à vos besoins.",
        anonymous=True,
    )
    _add_questions(survey, needs_questions(topics))
    return survey


def is_editable(survey, now=None):
    """Questions may change until the survey opens, and never once someone has answered."""
    return not survey.has_opened(now) and not survey.responses.exists()


def _check_editable(survey):
    if not is_editable(survey):
        raise SurveyError(_("The survey has opened: its questions can no longer change."))


SURVEY_FIELDS = ["title_en", "title_fr", "intro_en", "intro_fr", "anonymous", "opens_at", "closes_at",
                 "reminder_after_days"]  # fmt: skip


@transaction.atomic
def update_survey(*, survey, **fields):
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if "anonymous" in fields and fields["anonymous"] != survey.anonymous and survey.responses.exists():
        raise SurveyError(
            _("People have answered: the survey can no longer change its anonymity."), "anonymous"
        )
    for name, value in fields.items():
        setattr(survey, name, value)
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise SurveyError(_("The survey must close after it opens."), field="closes_at")
    survey.save()
    return survey


@transaction.atomic
def open_survey(*, survey, now=None):
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    now = now or timezone.now()
    if survey.is_open(now):
        return survey
    if not survey.questions.exists():
        raise SurveyError(_("Add a question before opening the survey."))
    survey.opens_at = now
    if survey.closes_at and survey.closes_at <= now:
        survey.closes_at = None
    survey.save(update_fields=["opens_at", "closes_at"])
    return survey


@transaction.atomic
def close_survey(*, survey, now=None):
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    now = now or timezone.now()
    if not survey.is_open(now):
        raise SurveyError(_("Only an open survey can be closed."))
    survey.closes_at = now
    survey.save(update_fields=["closes_at"])
    return survey


def _check_question(kind, choices):
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise SurveyError(_("A choice question needs at least two choices, one a line."), field="choices")


@transaction.atomic
def add_question(*, survey, kind, text_en, text_fr="", help_en="", help_fr="", required=False, choices=()):
    _check_editable(survey)
    choices = list(choices) if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) else []
    _check_question(kind, choices)
    position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    return Question.objects.create(
        survey=survey, kind=kind, text_en=text_en, text_fr=text_fr, help_en=help_en, help_fr=help_fr,
        required=required, choices=choices, position=position,
    )  # fmt: skip


@transaction.atomic
def update_question(
    *, question, kind, text_en, text_fr="", help_en="", help_fr="", required=False, choices=()
):
    _check_editable(question.survey)
    choices = list(choices) if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) else []
    _check_question(kind, choices)
    question.kind, question.text_en, question.text_fr = kind, text_en, text_fr
    question.help_en, question.help_fr, question.required, question.choices = (
        help_en,
        help_fr,
        required,
        choices,
    )
    question.save()
    return question


@transaction.atomic
def remove_question(*, question):
    _check_editable(question.survey)
    question.delete()


# Links and respondents ----------------------------------------------------------------------------


def respondent_key(survey, member):
    """A keyed hash of (survey, member): stable, and meaningless without the server's secret key."""
    return salted_hmac(RESPONDENT_SALT, f"{survey.pk}:{member.pk}", algorithm="sha256").hexdigest()


def link_token(survey, member):
    return signing.dumps({"s": survey.pk, "m": member.pk}, salt=LINK_SALT)


def member_from_token(token, survey):
    """The member an invitation was for, or LinkError: tampered with, too old, or for another survey."""
    from members.models import User

    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkError("expired") from error
    except signing.BadSignature as error:
        raise LinkError("tampered") from error
    if not isinstance(data, dict) or data.get("s") != survey.pk:
        raise LinkError("other_survey")
    member = User.objects.filter(pk=data.get("m"), is_active=True).first()
    if member is None:
        raise LinkError("tampered")
    return member


def answer_path(survey, member, language=None):
    with translation.override(language or current_language()):
        return reverse(
            "events:survey_answer",
            kwargs={"slug": survey.event.slug, "pk": survey.pk, "token": link_token(survey, member)},
        )


def answer_url(survey, member, language=None):
    return settings.SITE_URL + answer_path(survey, member, language)


def sessions_to_rate(survey, member):
    """The sessions a member attended or signed up for: all but breaks and workshops, plus their own
    workshops (confirmed). None for someone not registered."""
    from . import queries

    registration = (
        Registration.objects.filter(event=survey.event, user=member)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .first()
    )
    if registration is None:
        return []
    return [s for s in queries.my_agenda(registration) if s.kind != Session.Kind.BREAK]


def response_of(survey, member):
    return (
        Response.objects.filter(survey=survey, respondent_key=respondent_key(survey, member))
        .prefetch_related("answers")
        .first()
    )


@transaction.atomic
def save_response(*, survey, member, answers, language="en", now=None):
    """Record or replace a member's answers. `answers`: [(question, session or None, value)].

    One response per person (unique survey + respondent_key); editable until the survey closes.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open(now):
        raise SurveyError(_("This survey is closed: answers can no longer change."))
    key = respondent_key(survey, member)
    response, _created = Response.objects.get_or_create(
        survey=survey,
        respondent_key=key,
        defaults={"member": None if survey.anonymous else member, "language": language},
    )
    response.language = language
    response.save(update_fields=["language", "updated_at"])
    response.answers.all().delete()
    rows = []
    for question, session, value in answers:
        if value in (None, "", []):
            continue
        answer = Answer(response=response, question=question, session=session)
        if question.kind in (Question.Kind.RATING, Question.Kind.SESSION_RATING):
            answer.rating = int(value)
        elif question.kind == Question.Kind.SINGLE:
            answer.choices = [int(value)]
        elif question.kind == Question.Kind.MULTIPLE:
            answer.choices = sorted(int(v) for v in value)
        else:
            answer.text = value
        rows.append(answer)
    Answer.objects.bulk_create(rows)
    return response


# Results ------------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: float  # how many answers; or an average, in a chart of averages
    percent: int
    length: float = 0.0  # in the SVG's units, of BAR_AREA
    y: int = 0
    value_x: float = 0.0

    @property
    def short_label(self):
        """The label inside the chart (the table beside it has the full text)."""
        return self.label if len(self.label) <= 26 else self.label[:25].rstrip() + "…"


@dataclass
class Chart:
    """A horizontal bar chart drawn as SVG by the server (events/surveys/_chart.html), with a table."""

    title: str
    bars: list
    value_label: str = ""  # heading of the value column of the table
    scale: float | None = None  # the value of a full bar: the largest count unless given (5 for averages)
    height: int = 0

    ROW = 28
    LABEL_AREA = 200
    BAR_AREA = 300

    def __post_init__(self):
        top = self.scale or max((bar.count for bar in self.bars), default=0)
        for n, bar in enumerate(self.bars):
            bar.length = round(self.BAR_AREA * bar.count / top, 1) if top else 0
            bar.value_x = round(self.LABEL_AREA + bar.length + 6, 1)
            bar.y = n * self.ROW
        self.height = max(len(self.bars), 1) * self.ROW


@dataclass
class SessionResult:
    session: object
    title: str
    answered: int
    average: float | None
    chart: Chart


@dataclass
class QuestionResult:
    question: object
    text: str
    answered: int = 0
    average: float | None = None
    chart: Chart | None = None
    sessions: list = field(default_factory=list)
    averages_chart: Chart | None = None
    comments: list = field(default_factory=list)


@dataclass
class Results:
    survey: object
    responses: int
    invited: int | None
    questions: list

    @property
    def rate(self):
        return round(100 * self.responses / self.invited) if self.invited else None


def average(ratings):
    return round(sum(ratings) / len(ratings), 2) if ratings else None


def distribution(ratings):
    """Count and percent of each rating 1–5 (percent of those who answered, rounded)."""
    total = len(ratings)
    return [
        (value, ratings.count(value), round(100 * ratings.count(value) / total) if total else 0)
        for value in RATINGS
    ]


def rating_chart(title, ratings):
    bars = [Bar(str(value), count, percent) for value, count, percent in distribution(ratings)]
    return Chart(title, bars, _("Answers"))


def invited_count(survey):
    """Who was asked: those registered (confirmed) for a feedback survey; nobody in particular for a
    needs consultation (open to every member), hence no response rate."""
    if survey.kind != Survey.Kind.FEEDBACK:
        return None
    return survey.event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def results_for(survey):
    """Response rate, then per question: average and distribution, choices counted, comments. Four queries."""
    questions = list(survey.questions.all())
    answers = list(Answer.objects.filter(response__survey=survey).select_related("session").order_by("pk"))
    by_question = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    responses = survey.responses.count()
    results = []
    for question in questions:
        text = localized(question, "text")[0]
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question, text, answered=len({a.response_id for a in rows}))
        if question.kind == Question.Kind.RATING:
            ratings = [a.rating for a in rows]
            result.average = average(ratings)
            result.chart = rating_chart(text, ratings)
        elif question.kind == Question.Kind.SESSION_RATING:
            per_session = {}
            for answer in rows:
                per_session.setdefault(answer.session_id, (answer.session, []))[1].append(answer.rating)
            sessions = sorted(per_session.values(), key=lambda item: (item[0].starts_at, item[0].pk))
            for session, ratings in sessions:
                title = localized(session, "title")[0]
                result.sessions.append(
                    SessionResult(
                        session, title, len(ratings), average(ratings), rating_chart(title, ratings)
                    )
                )
            result.averages_chart = Chart(
                text,
                [Bar(s.title, s.average or 0, 0) for s in result.sessions],
                _("Average (1 to 5)"),
                scale=5,
            )
        elif question.has_choices:
            counts = [0] * len(question.choices)
            for answer in rows:
                for index in answer.choices:
                    if 0 <= index < len(counts):
                        counts[index] += 1
            total = result.answered
            bars = [
                Bar(choice_label(choice), count, round(100 * count / total) if total else 0)
                for choice, count in zip(question.choices, counts, strict=True)
            ]
            if question.kind == Question.Kind.MULTIPLE:  # ranked: the most wanted first
                bars.sort(key=lambda bar: -bar.count)
            result.chart = Chart(text, bars, _("Answers"))
        else:
            result.comments = [a.text for a in rows if a.text.strip()]
        results.append(result)
    return Results(survey, responses, invited_count(survey), results)


def choice_label(choice, language=None):
    language = language or current_language()
    return choice.get(language) or choice.get("en") or choice.get("fr") or ""


def rating_label(value):
    return {
        1: pgettext("rating", "1 – Poor"),
        2: pgettext("rating", "2 – Fair"),
        3: pgettext("rating", "3 – Good"),
        4: pgettext("rating", "4 – Very good"),
        5: pgettext("rating", "5 – Excellent"),
    }[value]


def csv_rows(survey):
    """The export: a header, then one row per response. Anonymous: no name, no email, no key, no date."""
    questions = list(survey.questions.all())
    sessions = (
        list(Session.objects.filter(answer_rows(survey)).distinct().order_by("starts_at", "pk"))
        if any(q.kind == Question.Kind.SESSION_RATING for q in questions)
        else []
    )
    columns = []
    for question in questions:
        text = localized(question, "text")[0]
        if question.kind == Question.Kind.SESSION_RATING:
            columns += [(question, s, f"{text} – {localized(s, 'title')[0]}") for s in sessions]
        else:
            columns.append((question, None, text))
    header = [_("Response"), _("Language")]
    if not survey.anonymous:
        header = [_("Response"), _("Name"), _("Email"), _("Language"), _("Last changed")]
    yield header + [label for _q, _s, label in columns]
    responses = survey.responses.select_related("member").prefetch_related("answers").order_by("pk")
    for number, response in enumerate(responses, start=1):
        found = {(a.question_id, a.session_id): a for a in response.answers.all()}
        row = [number, response.language]
        if not survey.anonymous:
            member = response.member
            row = [
                number,
                member.full_name if member else _("Deleted member"),
                member.email if member else "",
                response.language,
                timezone.localtime(response.updated_at, survey.event.tzinfo).strftime("%Y-%m-%d %H:%M"),
            ]
        for question, session, _label in columns:
            answer = found.get((question.pk, session.pk if session else None))
            row.append(answer_text(question, answer))
        yield row


def answer_rows(survey):
    from django.db.models import Q

    return Q(
        pk__in=Answer.objects.filter(response__survey=survey, session__isnull=False).values("session_id")
    )


def answer_text(question, answer):
    if answer is None:
        return ""
    if answer.rating is not None:
        return answer.rating
    if question.has_choices:
        return "; ".join(
            choice_label(question.choices[i]) for i in answer.choices if 0 <= i < len(question.choices)
        )
    return answer.text


# What members see -------------------------------------------------------------------------------


def open_consultations(now=None):
    """Needs consultations open now, with their event (drafts included: the consultation is public)."""
    now = now or timezone.now()
    from django.db.models import Q

    return (
        Survey.objects.filter(kind=Survey.Kind.NEEDS, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .order_by("closes_at", "pk")
    )
