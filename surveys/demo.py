"""Demo surveys: the feedback of last year's learning day (its participants come from events.demo), and an
open needs consultation for the draft national forum.

Idempotent: the feedback survey is one per event, answers are replaced, the consultation is found again.
"""

import datetime as dt
import random

from django.utils import timezone

from events.demo import past_participants
from events.models import Event

from .links import respondent_key
from .models import Answer, Response, Survey
from .queries import sessions_to_rate
from .services import create_consultation, ensure_feedback_survey

PAST_RESPONSES = 31
# Each respondent writes in the language they answer in (the response's language, marked on the page).
USEFUL = {
    "en": [
        "The panel: hearing how other departments handle comments from the public.",
        "Concrete examples of posts that went wrong, and how the team recovered.",
        "The policy walkthrough made the rules much clearer for my team.",
        "The strategy workshop template: we will reuse it for our next campaign.",
    ],
    "fr": [
        "L'atelier sur la gestion des risques\u00a0: des outils que je peux utiliser lundi.",
        "Rencontrer des collègues d'autres ministères de la région.",
    ],
}
IMPROVE = {
    "en": [
        "Longer workshops: 75 minutes went by too fast.",
        "Share the slides before the event.",
        "Fewer slides in the keynote, more time for questions.",
    ],
    "fr": [
        "Un micro pour les questions de la salle\u00a0: on entendait mal au fond.",
        "Plus de contenu en français l'après-midi.",
    ],
}


def load():
    load_past_feedback(Event.objects.get(slug="social-media-learning-day-2026"))
    load_consultation(Event.objects.get(slug="national-managers-forum-2027"))


def load_past_feedback(event):
    vancouver = event.tzinfo
    survey = ensure_feedback_survey(event)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=dt.datetime(2026, 1, 16, 18, 0, tzinfo=vancouver),
        closes_at=dt.datetime(2026, 1, 30, 18, 0, tzinfo=vancouver),
    )
    survey.refresh_from_db()
    load_feedback(survey, past_participants()[:PAST_RESPONSES])
    return survey


def load_feedback(survey, people):
    """Realistic answers, the same at every load (a seeded generator)."""
    questions = {q.kind: q for q in survey.questions.all()}
    texts = list(survey.questions.filter(kind="text"))
    pick = random.Random(2026)
    for n, member in enumerate(people):
        key = respondent_key(survey, member)
        response, _created = Response.objects.get_or_create(
            survey=survey, respondent_key=key, defaults={"language": member.preferred_language}
        )
        response.answers.all().delete()
        answers = [
            Answer(response=response, question=questions["rating"], rating=pick.choice([5, 5, 4, 4, 4, 3, 2]))
        ]
        for session in sessions_to_rate(survey, member):
            if pick.random() < 0.85:
                weights = [4, 4, 3, 5, 5] if session.kind == "workshop" else [5, 4, 4, 3, 3]
                rating = pick.choices([5, 4, 3, 2, 1][::-1], weights=weights[::-1])[0]
                answers.append(
                    Answer(
                        response=response,
                        question=questions["session_rating"],
                        session=session,
                        rating=rating,
                    )
                )
        useful, improve = USEFUL[response.language], IMPROVE[response.language]
        if n % 2 == 0:
            answers.append(Answer(response=response, question=texts[0], text=useful[(n // 2) % len(useful)]))
        if n % 3 == 0:
            answers.append(
                Answer(response=response, question=texts[1], text=improve[(n // 3) % len(improve)])
            )
        topics = sorted(pick.sample(range(len(questions["multiple"].choices)), pick.choice([1, 2, 2, 3])))
        answers.append(Answer(response=response, question=questions["multiple"], choices=topics))
        answers.append(
            Answer(response=response, question=questions["single"], choices=[pick.choice([0, 0, 0, 1, 2])])
        )
        Answer.objects.bulk_create(answers)


def load_consultation(event):
    """An open needs consultation for the draft national forum."""
    survey = event.surveys.filter(kind=Survey.Kind.NEEDS).first()
    if survey is None:
        survey = create_consultation(
            event=event,
            topics=[
                {"en": "Leading hybrid teams", "fr": "Diriger des équipes hybrides"},
                {"en": "Managing change and uncertainty", "fr": "Gérer le changement et l'incertitude"},
                {"en": "Mental health in the workplace", "fr": "La santé mentale au travail"},
                {"en": "Data-informed decisions", "fr": "Décisions éclairées par les données"},
                {"en": "Staffing and talent", "fr": "Dotation et talents"},
            ],
        )
    if survey.opens_at is None:
        Survey.objects.filter(pk=survey.pk).update(
            opens_at=timezone.now(), closes_at=timezone.now() + dt.timedelta(days=120)
        )
    return survey
