"""The questions a survey starts with: the feedback template and a needs consultation's two questions.

Each question is (kind, English, French, required, choices), choices as [{"en": ..., "fr": ...}].
"""

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
            "Dans l'ensemble, comment évaluez-vous l'événement\u202f?",
            True,
            [],
        ),
        (
            "session_rating",
            "How useful was each session?",
            "Quelle a été l'utilité de chaque séance\u202f?",
            False,
            [],
        ),
        (
            "text",
            "What was the most useful part?",
            "Qu'est-ce qui vous a été le plus utile\u202f?",
            False,
            [],
        ),
        ("text", "What should we improve?", "Que devrions-nous améliorer\u202f?", False, []),
        (
            "multiple",
            "Which topics would you like future learning events to cover?",
            "Quels sujets aimeriez-vous voir aux prochains événements d'apprentissage\u202f?",
            False,
            [{"en": en, "fr": fr} for en, fr in FEEDBACK_TOPICS],
        ),
        (
            "single",
            "Would you recommend this event to a colleague?",
            "Recommanderiez-vous cet événement à un collègue\u202f?",
            False,
            [{"en": "Yes", "fr": "Oui"}, {"en": "Maybe", "fr": "Peut-être"}, {"en": "No", "fr": "Non"}],
        ),
    ]


def needs_questions(topics):
    return [
        ("multiple", "Which topics do you need?", "De quels sujets avez-vous besoin\u202f?", True, topics),
        ("text", "Any other topic you need?", "Un autre sujet dont vous avez besoin\u202f?", False, []),
    ]


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
