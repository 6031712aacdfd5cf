"""Results of a survey: response rate, averages and distributions, ranked choices, comments; the charts
drawn from them (SVG by the server, surveys/_chart.html); the rows of the CSV export."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from events.models import Session
from nmc_portal.bilingual import current_language, localized

from .models import Answer, Question
from .queries import invited_count

RATINGS = [1, 2, 3, 4, 5]


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
    """A horizontal bar chart drawn as SVG by the server (surveys/_chart.html), with a table."""

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
class Comment:
    text: str
    language: str  # the language the person answered in, for the lang attribute of what they wrote


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


def results_for(survey):
    """Response rate, then per question: average and distribution, choices counted, comments. Four queries."""
    questions = list(survey.questions.all())
    answers = list(
        Answer.objects.filter(response__survey=survey).select_related("session", "response").order_by("pk")
    )
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
            result.comments = [Comment(a.text, a.response.language) for a in rows if a.text.strip()]
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
        list(Session.objects.filter(answered_sessions(survey)).distinct().order_by("starts_at", "pk"))
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


def answered_sessions(survey):
    """The sessions someone rated in this survey, as a filter on Session."""
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
