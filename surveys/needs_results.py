"""After the event: were the needs met? Per topic of a needs consultation (surveys.needs): how many asked
for it, how many attended the sessions that answer it, those sessions' ratings in the feedback survey,
and the feedback comments that mention it. Organizers only; never a name.

The rules, kept simple so an organizer can check them by hand:

- **Asked**: respondents who chose the topic in the consultation.
- **Attended**: distinct registrations of the event checked in (Registration.checked_in_at) that were
  at a session answering the topic: for a workshop, a confirmed workshop choice; for any other session
  (keynote, talk, panel: no sign-up), every checked-in registration of the event.
- **Ratings**: the feedback survey's session ratings of the sessions answering the topic, pooled: how
  many, and their average.
- **Comments that mention it**: feedback free text sharing a *distinctive word* with the topic's label
  in English or in French: a word of five letters or more, compared on its first five letters, folded
  to lower case without accents ("policy" and "policies" match "Policies"); words found in the label of
  another topic of the same consultation ("social media" on a social-media day) and a few generic
  words (STOP_WORDS) are not distinctive. Shown with their language, never with a name.
- **Not covered**: asked for by someone, answered by no session.
- **Under-served**: covered, but once the event is over fewer attended its sessions than asked for it,
  or its sessions' average rating is below UNDER_SERVED_RATING (with at least MIN_RATINGS ratings).
- **Unmet**: not covered or under-served. Copying the event carries these into the copy's
  consultation (surveys.needs_followups), and the hosting community is offered them, once.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from events.models import Registration, Session, WorkshopChoice

from .models import FEEDBACK_DELAY, FEEDBACK_OPEN_FOR, Answer, Question, Response, Survey
from .needs import attach_sessions, topics_question
from .results import Comment, choice_label

UNDER_SERVED_RATING = 3.0
MIN_RATINGS = 3
WORD = re.compile(r"\w+")
STEM = 5  # letters compared
STOP_WORDS = {
    *("about", "actua", "their", "there", "using", "which", "where"),
    *("comme", "entre", "leurs", "utili"),
}


def fold(text):
    """Lower case, accents dropped: "Règles" → "regles"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stems(text):
    """The first STEM letters of each word of at least STEM letters of `text`, folded."""
    return {word[:STEM] for word in WORD.findall(fold(text)) if len(word) >= STEM} - STOP_WORDS


def distinctive_stems(topics):
    """[stems of each topic (both languages)], without the stems two topics share."""
    per_topic = [stems(topic.get("en", "")) | stems(topic.get("fr", "")) for topic in topics]
    seen, shared = set(), set()
    for words in per_topic:
        shared |= seen & words
        seen |= words
    return [words - shared for words in per_topic]


def mentions(text, words):
    return bool(words and stems(text) & words)


@dataclass
class NeedResult:
    choice: int
    topic: dict  # {"en": ..., "fr": ...}
    label: str  # in the reader's language
    asked: int = 0
    sessions: list = field(default_factory=list)
    attended: int = 0
    ratings: int = 0
    average: float | None = None
    comments: list = field(default_factory=list)  # results.Comment: text and language, no name
    ended: bool = True

    @property
    def covered(self):
        return bool(self.sessions)

    @property
    def low_attendance(self):
        return self.covered and self.ended and self.attended < self.asked

    @property
    def low_rating(self):
        return (
            self.covered
            and self.average is not None
            and self.ratings >= MIN_RATINGS
            and self.average < UNDER_SERVED_RATING
        )

    @property
    def under_served(self):
        return self.low_attendance or self.low_rating

    @property
    def unmet(self):
        return self.asked > 0 and (not self.covered or self.under_served)


@dataclass
class NeedsResults:
    survey: object
    respondents: int
    needs: list  # the most asked for first
    feedback: object  # the event's feedback survey, or None
    ended: bool  # the event is over: attendance can be judged
    final: bool  # the feedback survey has closed: the figures will not change

    @property
    def uncovered(self):
        return [need for need in self.needs if need.asked and not need.covered]

    @property
    def covered(self):
        return [need for need in self.needs if need.covered]

    @property
    def unmet(self):
        return [need for need in self.needs if need.unmet]


def feedback_survey_of(event):
    return Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK).select_related("event").first()


def event_has_ended(event, now=None):
    last = event.last_ends_at()
    return last is not None and last <= (now or timezone.now())


def results_are_final(event, feedback, now=None):
    """The feedback survey has closed (or, with none, the time it would have stayed open has passed)."""
    now = now or timezone.now()
    if feedback is not None:
        return feedback.has_closed(now)
    return event_has_ended(event, now - FEEDBACK_DELAY - FEEDBACK_OPEN_FOR)


def needs_results(survey, now=None):
    """The per-need results of a needs consultation. A fixed number of queries (ten), whatever the number
    of respondents, sessions, check-ins, ratings and comments. None when it has no topics."""
    now = now or timezone.now()
    question = topics_question(survey)
    if question is None:
        return None
    event = survey.event
    ended = event_has_ended(event, now)
    topics = question.choices
    needs = [
        NeedResult(n, topic, choice_label(topic), ended=ended) for n, topic in enumerate(question.choices)
    ]
    for choices in Answer.objects.filter(question=question).values_list("choices", flat=True):
        for index in {c for c in choices if isinstance(c, int) and 0 <= c < len(needs)}:
            needs[index].asked += 1
    respondents = Response.objects.filter(survey=survey).count()
    attach_sessions(question, needs)
    linked = {s.pk for need in needs for s in need.sessions}
    checked_in = set(
        Registration.objects.filter(event=event, checked_in_at__isnull=False).values_list("pk", flat=True)
    )
    at_workshop = {}
    for session_id, registration_id in WorkshopChoice.objects.filter(
        session_id__in=linked,
        status=WorkshopChoice.Status.CONFIRMED,
        registration__checked_in_at__isnull=False,
    ).values_list("session_id", "registration_id"):
        at_workshop.setdefault(session_id, set()).add(registration_id)
    feedback = feedback_survey_of(event)
    ratings = {}
    texts = []
    if feedback is not None:
        for session_id, rating in Answer.objects.filter(
            question__survey=feedback,
            question__kind=Question.Kind.SESSION_RATING,
            session_id__in=linked,
            rating__isnull=False,
        ).values_list("session_id", "rating"):
            ratings.setdefault(session_id, []).append(rating)
        texts = list(
            Answer.objects.filter(response__survey=feedback, question__kind=Question.Kind.TEXT)
            .exclude(text="")
            .order_by("pk")
            .values_list("text", "response__language")
        )
    words = distinctive_stems(topics)
    for need in needs:
        people = set()
        pooled = []
        for session in need.sessions:
            if session.kind == Session.Kind.WORKSHOP:
                people |= at_workshop.get(session.pk, set())
            elif session.kind != Session.Kind.BREAK:
                people |= checked_in
            pooled.extend(ratings.get(session.pk, []))
        need.attended = len(people)
        need.ratings = len(pooled)
        need.average = round(sum(pooled) / len(pooled), 1) if pooled else None
        need.comments = [
            Comment(text, language) for text, language in texts if mentions(text, words[need.choice])
        ]
    needs.sort(key=lambda need: (-need.asked, need.choice))
    return NeedsResults(
        survey=survey,
        respondents=respondents,
        needs=needs,
        feedback=feedback,
        ended=ended,
        final=results_are_final(event, feedback, now),
    )


def unmet_topics(event, now=None):
    """[topic {"en", "fr"}] of the unmet needs of the event's consultations, once each (by English)."""
    found, seen = [], set()
    for survey in Survey.objects.filter(event=event, kind=Survey.Kind.NEEDS).select_related("event"):
        results = needs_results(survey, now)
        for need in results.unmet if results else []:
            key = fold(need.topic.get("en") or need.topic.get("fr", ""))
            if key not in seen:
                seen.add(key)
                found.append({"en": need.topic.get("en", ""), "fr": need.topic.get("fr", "")})
    return found
