"""What changes surveys: the feedback survey made from its template, needs consultations, opening and
closing, questions, and the answers one person gives. Views show the DomainError these raise."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.errors import DomainError

from .defaults import feedback_questions, needs_questions
from .links import respondent_key
from .models import Answer, Question, Response, SessionNeed, Survey

SURVEY_FIELDS = ["title_en", "title_fr", "intro_en", "intro_fr", "anonymous", "opens_at", "closes_at",
                 "reminder_after_days"]  # fmt: skip


def _add_questions(survey, questions):
    Question.objects.bulk_create(
        Question(
            survey=survey, position=n, kind=kind, text_en=en, text_fr=fr, required=required, choices=choices
        )
        for n, (kind, en, fr, required, choices) in enumerate(questions)
    )


@transaction.atomic
def ensure_feedback_survey(event):
    """The event's feedback survey, made from the default template the first time. Idempotent.

    Its window is left empty: it follows the event's agenda (Survey.window) until someone sets it.
    """
    survey = Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK).first()
    if survey is not None:
        return survey
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                event=event,
                kind=Survey.Kind.FEEDBACK,
                title_en=f"Your feedback: {event.title_en}",
                title_fr=f"Vos commentaires\u00a0: {event.title_fr or event.title_en}",
                intro_en="Tell us what worked and what to change: your answers shape the next event.",
                intro_fr="Dites-nous ce qui a fonctionné et ce qu'il faut changer\u00a0: vos réponses "
                "façonnent le prochain événement.",
                anonymous=True,
            )
            _add_questions(survey, feedback_questions())
    except IntegrityError:  # made at the same moment by another request: the unique constraint kept one
        return Survey.objects.get(event=event, kind=Survey.Kind.FEEDBACK)
    return survey


def _freeze_window(survey):
    """Store the window a survey that follows its event has now (the caller saves)."""
    if survey.follows_event:
        survey.opens_at, survey.closes_at = survey.window()


@transaction.atomic
def freeze_window(*, survey):
    """Once a feedback survey opens its dates stop following the agenda: invitations name them."""
    survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
    if survey.follows_event:
        _freeze_window(survey)
        survey.save(update_fields=["opens_at", "closes_at"])
    return survey


@transaction.atomic
def create_consultation(*, event, topics, title_en="", title_fr=""):
    """A needs consultation ("which topics do you need?"), not open yet: organizers check it first."""
    if not topics:
        raise DomainError(_("List at least one topic."), field="topics")
    survey = Survey.objects.create(
        event=event,
        kind=Survey.Kind.NEEDS,
        title_en=title_en or f"Which topics do you need? {event.title_en}",
        title_fr=title_fr or f"De quels sujets avez-vous besoin\u202f? {event.title_fr or event.title_en}",
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
    """The survey, locked and read again: opening it, or a first answer, cannot slip in between."""
    survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
    if not is_editable(survey):
        raise DomainError(_("The survey has opened: its questions can no longer change."))
    return survey


@transaction.atomic
def update_survey(*, survey, **fields):
    survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
    if "anonymous" in fields and fields["anonymous"] != survey.anonymous and survey.responses.exists():
        raise DomainError(
            _("People have answered: the survey can no longer change its anonymity."), "anonymous"
        )
    for name, value in fields.items():
        setattr(survey, name, value)
    opens, closes = survey.window()
    if opens and closes and closes <= opens:
        raise DomainError(_("The survey must close after it opens."), field="closes_at")
    survey.save()
    return survey


@transaction.atomic
def open_survey(*, survey, now=None):
    survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
    now = now or timezone.now()
    if survey.is_open(now):
        return survey
    if not survey.questions.exists():
        raise DomainError(_("Add a question before opening the survey."))
    _freeze_window(survey)
    survey.opens_at = now
    if survey.closes_at and survey.closes_at <= now:
        survey.closes_at = None
    survey.save(update_fields=["opens_at", "closes_at"])
    return survey


@transaction.atomic
def close_survey(*, survey, now=None):
    survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
    now = now or timezone.now()
    if not survey.is_open(now):
        raise DomainError(_("Only an open survey can be closed."))
    _freeze_window(survey)
    survey.closes_at = now
    survey.save(update_fields=["opens_at", "closes_at"])
    return survey


def _check_question(kind, choices):
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise DomainError(_("A choice question needs at least two choices, one a line."), field="choices")


@transaction.atomic
def add_question(*, survey, kind, text_en, text_fr="", help_en="", help_fr="", required=False, choices=()):
    survey = _check_editable(survey)
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
    if choices != question.choices or kind != question.kind:
        SessionNeed.objects.filter(question=question).delete()  # an index would name another topic
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


@transaction.atomic
def save_response(*, survey, member, answers, language="en", now=None):
    """Record or replace a member's answers. `answers`: [(question, session or None, value)].

    One response per person (unique survey + respondent_key); editable until the survey closes.
    """
    survey = Survey.objects.select_for_update().select_related("event").get(pk=survey.pk)
    if not survey.is_open(now):
        raise DomainError(_("This survey is closed: answers can no longer change."))
    key = respondent_key(survey, member)
    response, _created = Response.objects.get_or_create(
        survey=survey,
        respondent_key=key,
        defaults={"member": None if survey.anonymous else member, "language": language},
    )
    response.language = language
    response.region, response.level = member.region, member.position  # counted, never shown one by one
    response.save(update_fields=["language", "region", "level", "updated_at"])
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
