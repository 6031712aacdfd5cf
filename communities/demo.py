"""Demo communities: Engagement (open, public) and Coaching (on approval, members only).

Idempotent: communities, members, threads and replies are looked up by natural keys,
so running `load_demo` twice creates nothing new.
"""

from datetime import timedelta

from django.utils import timezone

from members.models import User

from .models import Community, Joining, Membership, MembershipStatus, Reply, Role, Thread, Visibility
from .sanitize import render_markdown

COMMUNITIES = [
    {
        "slug": "engagement",
        "name_en": "Engagement",
        "name_fr": "Mobilisation",
        "description_en": (
            "For managers who want their teams to feel heard and involved. Share how you act on "
            "Public Service Employee Survey results, run meetings people look forward to, and keep "
            "hybrid teams connected.\n\nOpen to every member: join and take part right away."
        ),
        "description_fr": (
            "Pour les gestionnaires qui veulent que leurs équipes se sentent écoutées et engagées. "
            "Échangez sur la façon de donner suite aux résultats du Sondage auprès des fonctionnaires "
            "fédéraux, d'animer des réunions utiles et de garder les équipes hybrides soudées.\n\n"
            "Ouverte à tous les membres\u00a0: joignez-vous et participez tout de suite."
        ),
        "joining": Joining.OPEN,
        "visibility": Visibility.PUBLIC,
    },
    {
        "slug": "coaching",
        "name_en": "Coaching",
        "name_fr": "Coaching",
        "description_en": (
            "A peer group for managers who coach their employees and each other. Members practise "
            "coaching conversations, share tools and talk through real situations in confidence.\n\n"
            "Discussions are for members only; a moderator reviews each request to join."
        ),
        "description_fr": (
            "Un groupe de pairs pour les gestionnaires qui accompagnent leurs employés et se "
            "soutiennent entre eux. On y pratique les conversations de coaching, on partage des outils "
            "et on discute de situations réelles en toute confidentialité.\n\n"
            "Les discussions sont réservées aux membres\u202f; une personne modératrice examine "
            "chaque demande."
        ),
        "joining": Joining.APPROVAL,
        "visibility": Visibility.MEMBERS,
    },
]

# Authors of the seed discussion who are not among the demo sign-ins.
GUEST_AUTHORS = [
    ("rod.gallant@demo.gc.ca", "Rod Gallant", "en"),
    ("steve.cottle@demo.gc.ca", "Steve Cottle", "en"),
]

MEMBERS = {
    # community: [(email, role, status, request message)]
    "engagement": [
        ("moderator@demo.gc.ca", Role.MODERATOR, MembershipStatus.ACTIVE, ""),
        ("manager@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
        ("rod.gallant@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
        ("steve.cottle@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
    ],
    "coaching": [
        ("moderator@demo.gc.ca", Role.MODERATOR, MembershipStatus.ACTIVE, ""),
        ("manager@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
        (
            "organizer@demo.gc.ca",
            Role.MEMBER,
            MembershipStatus.PENDING,
            "I am starting a coaching circle in our region and would love to learn from this group.",
        ),
    ],
}

COLLABORATION = """Two weeks ago, before the Canada/Russia World Junior semi-final, I was settling in \
for the game (9 pm EST start time) when I saw a tweet from Nick asking for help.

A short exchange followed.

Before puck drop I was able to get to the office, grab my laptop, get back home, find and send Nick \
what he needed. Shortly after, Nick sent out a thank-you, and I answered.

From start to finish it took about 20 minutes of my time. **A small investment of time but a huge \
investment in building relationships.**

This interaction speaks volumes for the community that has been built on Twitter by government \
employees. I have no vested interest in what Nick was working on and didn't even know what it was. \
But because of my previous interactions with him it was a no-brainer for me to jump in and help out \
as he's done for so many others, including me, in the past.

The beauty is that this type of interaction isn't unique. Day after day I see examples of government \
employees helping each other out. Social media tools have allowed for the ability to connect day or \
night and it isn't because we have to but because we want to, which is a big difference. This is also \
what I believe will sustain this community and allow it to continue to grow and become stronger.

We all contribute in our own way, make sure you find a way to help out. You'll be glad you did.

*Originally published on Rod Gallant's blog.*"""

THREADS = [
    # community, author, language, title, body, pinned, [(author, language, body)]
    (
        "engagement",
        "moderator@demo.gc.ca",
        "fr",
        "Bienvenue dans la communauté Mobilisation / Welcome to the Engagement community",
        "Bienvenue\u202f! Présentez-vous en quelques mots\u00a0: votre ministère, votre équipe et un défi de "
        "mobilisation sur lequel vous travaillez.\n\nWelcome! Introduce yourself in a few words: your "
        "department, your team and one engagement challenge you are working on.\n\n"
        "Rappel\u00a0: restons respectueux et ne partageons aucune information protégée.",
        True,
        [
            (
                "manager@demo.gc.ca",
                "en",
                "Hi all, Morgan from Transport Canada in Vancouver. I lead a team of 14 inspectors spread "
                "across three ports. My challenge: keeping people who rarely see each other feeling like "
                "one team.",
            ),
        ],
    ),
    (
        "engagement",
        "rod.gallant@demo.gc.ca",
        "en",
        "Collaboration – Day or Night",
        COLLABORATION,
        False,
        [
            (
                "steve.cottle@demo.gc.ca",
                "en",
                "Great anecdote. I like your observation that “it isn't because we have to but because we "
                "want to” that makes the connection valuable. Once you “have” to do something you would "
                "otherwise not want to do, it simply becomes another obligation and, while you may "
                "participate, it's unlikely you'll receive the same value you would from a community that "
                "“wants” to build connections. Probably a point worth considering as organizations "
                "determine whether to implement social media and whether to make participation a "
                "requirement.",
            ),
            (
                "rod.gallant@demo.gc.ca",
                "en",
                "Thanks Steve… I think that the wanting to do it is key and what houses the true potential "
                "of this community. Most of us don't help out in these situations because of the have to, "
                "but because of the want factor.",
            ),
        ],
    ),
    (
        "engagement",
        "moderator@demo.gc.ca",
        "fr",
        "Donner suite aux résultats du sondage\u00a0: qu'est-ce qui a fonctionné chez vous\u202f?",
        "Les résultats du Sondage auprès des fonctionnaires fédéraux de notre direction sont arrivés. "
        "L'an dernier, nous avions présenté les chiffres en réunion… puis plus rien.\n\n"
        "Cette année, j'aimerais\u00a0:\n\n"
        "- choisir **deux** priorités avec l'équipe plutôt que dix\u202f;\n"
        "- nommer une personne responsable pour chacune\u202f;\n"
        "- faire le point à chaque trimestre.\n\n"
        "Avez-vous essayé une approche semblable\u202f? Qu'est-ce qui a aidé à maintenir l'élan\u202f?",
        False,
        [
            (
                "manager@demo.gc.ca",
                "en",
                "We did something very close last year. What made the difference: the team chose the "
                "priorities in small groups without managers in the room, and we posted progress on the "
                "team channel every month instead of waiting for the next survey.",
            ),
        ],
    ),
    (
        "coaching",
        "manager@demo.gc.ca",
        "en",
        "Coaching a new supervisor who wants all the answers",
        "One of my new supervisors comes to me several times a day asking what to do. I want to help "
        "them build confidence rather than hand out answers.\n\nHas anyone used the GROW model "
        "(Goal, Reality, Options, Way forward) in short check-ins? How did you keep it from feeling "
        "like a script?",
        False,
        [
            (
                "moderator@demo.gc.ca",
                "fr",
                "Oui\u202f! Ce qui m'aide\u00a0: commencer par «\u00a0Qu'as-tu déjà envisagé\u202f?\u00a0» "
                "et accepter le silence "
                "qui suit. Après quelques semaines, la personne arrive avec deux ou trois options au lieu "
                "d'une question.",
            ),
        ],
    ),
    (
        "coaching",
        "moderator@demo.gc.ca",
        "fr",
        "Le coaching entre pairs\u00a0: par où commencer\u202f?",
        "Plusieurs d'entre vous m'ont demandé comment lancer un cercle de coaching entre pairs.\n\n"
        "1. Former un groupe de quatre à six gestionnaires de directions différentes.\n"
        "2. Se réunir une heure par mois, avec une personne qui présente une situation réelle.\n"
        "3. Les autres posent seulement des questions ouvertes pendant 20 minutes, sans conseils.\n\n"
        "Qui serait partant pour un premier cercle cet automne\u202f?",
        False,
        [
            (
                "manager@demo.gc.ca",
                "en",
                "Count me in. Would sessions work in English and French, each person speaking in the "
                "language of their choice?",
            ),
        ],
    ),
]


def _guest(email, name, language):
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "preferred_language": language, "department": "csps"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def load():
    for email, name, language in GUEST_AUTHORS:
        _guest(email, name, language)
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.gc.ca")}
    communities = {}
    for data in COMMUNITIES:
        slug = data["slug"]
        community, _created = Community.objects.update_or_create(
            slug=slug, defaults={key: value for key, value in data.items() if key != "slug"}
        )
        communities[slug] = community
        for email, role, status, message in MEMBERS[slug]:
            Membership.objects.update_or_create(
                community=community,
                member=users[email],
                defaults={
                    "role": role,
                    "status": status,
                    "request_message": message,
                    "joined_at": timezone.now() if status == MembershipStatus.ACTIVE else None,
                },
            )
    start = timezone.now() - timedelta(days=len(THREADS) * 3)
    for index, (slug, author, language, title, body, pinned, replies) in enumerate(THREADS):
        posted = start + timedelta(days=index * 3)
        thread, created = Thread.objects.get_or_create(
            community=communities[slug],
            title=title,
            defaults={
                "author": users[author],
                "language": language,
                "body": body,
                "body_html": render_markdown(body),
                "pinned": pinned,
            },
        )
        if not created:
            continue
        for position, (reply_author, reply_language, reply_body) in enumerate(replies, start=1):
            Reply.objects.create(
                thread=thread,
                author=users[reply_author],
                language=reply_language,
                body=reply_body,
                body_html=render_markdown(reply_body),
                position=position,
            )
        # auto_now_add fields: set realistic dates after creation.
        Thread.objects.filter(pk=thread.pk).update(
            created_at=posted,
            last_activity_at=posted + timedelta(hours=len(replies) * 5),
            reply_count=len(replies),
        )
        for position in range(1, len(replies) + 1):
            Reply.objects.filter(thread=thread, position=position).update(
                created_at=posted + timedelta(hours=position * 5)
            )
