"""Demo surveys: the feedback of last year's learning day (its participants come from events.demo), the
needs consultation that shaped this year's learning day (its three needs linked to the sessions that
answer them), and an open needs consultation for the draft national forum.

Idempotent: the feedback survey is one per event, answers are replaced, consultations are found again,
links are made once.
"""

import datetime as dt
import random

from django.utils import timezone

from events.demo import past_participants
from events.models import Event

from .links import respondent_key
from .models import Answer, Response, SessionNeed, Survey
from .needs import topics_question
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
        "The keynote's idea that social media is a place: I now think about who is already there.",
        "Knowing which policies apply when I post from my personal account.",
        "The business value examples from the keynote gave me arguments for my director.",
    ],
    "fr": [
        "L'atelier sur la gestion des risques\u00a0: des outils que je peux utiliser lundi.",
        "Rencontrer des collègues d'autres ministères de la région.",
        "Les règles sur les comptes personnels sont enfin claires pour moi.",
    ],
}
IMPROVE = {
    "en": [
        "Longer workshops: 75 minutes went by too fast.",
        "Share the slides before the event.",
        "Fewer slides in the keynote, more time for questions.",
        "The tools workshop was full when I chose: I still don't know how the tools work in practice.",
        "More hands-on time with the tools themselves, on our own work laptops.",
    ],
    "fr": [
        "Un micro pour les questions de la salle\u00a0: on entendait mal au fond.",
        "Plus de contenu en français l'après-midi.",
        "Une seule séance sur les outils, c'est trop peu\u00a0: l'atelier était complet.",
    ],
}


def load():
    past = Event.objects.get(slug="social-media-learning-day-2026")
    load_past_feedback(past)
    load_past_needs(past)
    load_learning_day_needs(Event.objects.get(slug="social-media-learning-day-2027"))
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
    comments = {
        (kind, language): iter(texts_by_language[language])
        for kind, texts_by_language in (("useful", USEFUL), ("improve", IMPROVE))
        for language in ("en", "fr")
    }
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
        # Each comment is written once, by a respondent of its language, while there are comments left.
        useful = next(comments[("useful", response.language)], None) if n % 2 == 0 else None
        improve = next(comments[("improve", response.language)], None) if n % 3 == 0 else None
        if useful:
            answers.append(Answer(response=response, question=texts[0], text=useful))
        if improve:
            answers.append(Answer(response=response, question=texts[1], text=improve))
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


# The learning day's consultation: the three needs of the source document (000_*), and the sessions
# that answer each (by English title, from events.demo's agenda).
LEARNING_DAY_NEEDS = [
    (
        {
            "en": "Rules and policies for using social media, officially and personally",
            "fr": "Les règles et politiques d'utilisation des médias sociaux, à titre officiel et personnel",
        },
        [
            "Social media at work: the policy instruments",
            "Engaging online as a public servant",
            "Social Media Risk Management",
            "Who Are You Online?",
        ],
    ),
    (
        {
            "en": "The business value of social media",
            "fr": "La valeur des médias sociaux pour l'organisation",
        },
        [
            "Social media is a place, not a thing",
            "Building a Social Media Strategy",
            "Social Media Solutions to Innovation Challenges",
        ],
    ),
    (
        {"en": "How the tools actually work", "fr": "Le fonctionnement réel des outils"},
        ["All About the GoC's Social Media Tools", "Social Media Basics"],
    ),
]
# Free text, each written once, by need (the first need its author chose), in the author's language.
NEEDS_COMMENTS = [
    (0, "en", "Can I share a department post from my personal account without it counting as official?"),
    (0, "en", "Who has to approve a reply to a citizen before it goes out?"),
    (0, "fr", "Où s'arrête mon devoir de loyauté quand je commente l'actualité sur mon propre compte\u202f?"),
    (0, "en", "What do we keep as records when a conversation happens in direct messages?"),
    (
        0,
        "fr",
        "Les règles sur les langues officielles s'appliquent-elles aux réponses rapides en ligne\u202f?",
    ),
    (1, "en", "My director asks what we get for the hours spent posting: how do we measure it?"),
    (1, "fr", "Des exemples concrets de ministères qui ont amélioré leur service grâce aux médias sociaux."),
    (1, "en", "A business case template I could bring to my management team."),
    (2, "en", "Which tools are we even allowed to install on a work phone?"),
    (2, "fr", "Une démonstration pas à pas pour planifier des publications dans les deux langues."),
    (2, "en", "How does the GCconnex search actually find things?"),
]
NEEDS_RESPONSES = 36
REGIONS = ["pacific", "pacific", "pacific", "prairies", "north", "ncr", "ontario", "quebec", "atlantic"]
LEVELS = ["manager", "manager", "supervisor", "supervisor", "senior_manager", "aspiring", "executive"]


def _consultation(event, title_en, title_fr, *, opens, closes):
    """The event's needs consultation on the learning day's three needs (made once), with its window:
    `opens` and `closes` as (year, month, day, hour) at the venue."""
    survey = event.surveys.filter(kind=Survey.Kind.NEEDS).first()
    if survey is None:
        survey = create_consultation(
            event=event,
            topics=[topic for topic, _titles in LEARNING_DAY_NEEDS],
            title_en=title_en,
            title_fr=title_fr,
        )
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=dt.datetime(*opens, 0, tzinfo=event.tzinfo),
        closes_at=dt.datetime(*closes, 0, tzinfo=event.tzinfo),
    )
    survey.refresh_from_db()
    return survey


def _answer(survey, member, n, *, chosen, language, text):
    """`member`'s response (the n-th): the topics chosen and, perhaps, a need in their own words."""
    response, _created = Response.objects.update_or_create(
        survey=survey,
        respondent_key=respondent_key(survey, member),
        defaults={
            "language": language,
            "region": REGIONS[n % len(REGIONS)],
            "level": LEVELS[n % len(LEVELS)],
        },
    )
    response.answers.all().delete()
    answers = [Answer(response=response, question=topics_question(survey), choices=chosen)]
    if text:
        other = survey.questions.filter(kind="text").order_by("position", "pk").first()
        answers.append(Answer(response=response, question=other, text=text))
    Answer.objects.bulk_create(answers)


def _link(survey, titles_by_need):
    """Each need (topic n) answered by the sessions titled titles_by_need[n]."""
    topics = topics_question(survey)
    sessions = {session.title_en: session for session in survey.event.sessions.all()}
    for choice, titles in enumerate(titles_by_need):
        for title in titles:
            SessionNeed.objects.get_or_create(question=topics, choice=choice, session=sessions[title])


def load_learning_day_needs(event):
    """This year's learning day: its consultation (closed before the day), the answers, and the links."""
    survey = _consultation(
        event,
        "What do you need to learn about social media?",
        "Que devez-vous apprendre sur les médias sociaux\u202f?",
        opens=(2026, 9, 8, 9),
        closes=(2026, 10, 9, 17),
    )
    pick = random.Random(2027)
    comments = iter(NEEDS_COMMENTS)
    for n, member in enumerate(past_participants()[:NEEDS_RESPONSES]):
        comment = next(comments, None) if n % 3 == 0 else None
        if comment is not None:  # the comment's need first, perhaps a later one too
            first, language, text = comment
            chosen = [first] + [t for t in range(first + 1, 3) if pick.random() < 0.3]
        else:  # the rules were what most people asked about, the tools the fewest
            language, text = member.preferred_language, ""
            chosen = sorted({pick.choices([0, 1, 2], weights=[6, 4, 3])[0] for _draw in range(2)})
        _answer(survey, member, n, chosen=chosen, language=language, text=text)
    _link(survey, [titles for _topic, titles in LEARNING_DAY_NEEDS])
    return survey


# Last year's learning day had its own consultation: the same three needs, but the tools were answered
# by one workshop only, which a third of the participants took, while most respondents asked for them:
# its results page shows "How the tools actually work" under-served (fewer attended than asked).
PAST_NEEDS_LINKS = [
    ["Social media at work: the policy instruments", "Engaging online as a public servant"],
    ["Social media is a place, not a thing", "Building a Social Media Strategy"],
    ["All About the GoC's Social Media Tools"],
]
PAST_NEEDS_COMMENTS = [
    (2, "en", "Hands-on time with the approved tools: I have accounts but no idea how to schedule posts."),
    (0, "en", "A clear answer on what I may say about my work on my own LinkedIn profile."),
    (2, "fr", "Comment fonctionnent vraiment les outils de veille que mon équipe utilise déjà\u202f?"),
    (1, "en", "Numbers I can show my management: what did other departments gain?"),
    (2, "en", "How do the analytics dashboards work, and which figures matter?"),
    (0, "fr", "Qui dois-je consulter avant de répondre à un commentaire sur la page du ministère\u202f?"),
    (2, "fr", "Une démonstration des outils en français, s'il vous plaît."),
]
PAST_NEEDS_RESPONSES = 34


def load_past_needs(event):
    """Last year's consultation (closed in December), answered by its participants, linked to its
    sessions; the tools were asked for by far more people than their one workshop took."""
    survey = _consultation(
        event,
        "What do you need to learn about social media? (2026)",
        "Que devez-vous apprendre sur les médias sociaux\u202f? (2026)",
        opens=(2025, 11, 3, 9),
        closes=(2025, 12, 5, 17),
    )
    pick = random.Random(2025)
    comments = iter(PAST_NEEDS_COMMENTS)
    for n, member in enumerate(past_participants()[-PAST_NEEDS_RESPONSES:]):
        comment = next(comments, None) if n % 4 == 1 else None
        if comment is not None:
            first, language, text = comment
            chosen = sorted({first, 2} if pick.random() < 0.5 else {first})
        else:  # the tools were what most asked for
            language, text = member.preferred_language, ""
            chosen = sorted({pick.choices([0, 1, 2], weights=[4, 3, 7])[0] for _draw in range(2)})
        _answer(survey, member, n, chosen=chosen, language=language, text=text)
    _link(survey, PAST_NEEDS_LINKS)
    return survey
