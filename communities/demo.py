"""Demo communities: Engagement (open, public) and Coaching (on approval, members only), and an article.

Idempotent: communities, members, threads, replies and articles are looked up by natural keys,
so running `load_demo` twice creates nothing new.

Seed 002 (a blog post with two comments) stays the discussion "Collaboration – Day or Night" with its
two replies; seed 001 becomes a published article of the Engagement community, comments closed, with
the seed's categories as tags and its visit count.
"""

import datetime as dt
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from members.models import User

from .models import (
    Article,
    ArticleStatus,
    Community,
    Joining,
    Membership,
    MembershipStatus,
    Reply,
    Role,
    Thread,
    Visibility,
)
from .sanitize import render_markdown
from .services import article_search_fields

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
    # Seed 001 does not name its author: the article is credited to this guest account.
    ("guest.blogger@demo.gc.ca", "Guest blogger", "en"),
]

MEMBERS = {
    # community: [(email, role, status, request message)]
    "engagement": [
        ("moderator@demo.gc.ca", Role.MODERATOR, MembershipStatus.ACTIVE, ""),
        ("manager@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
        ("rod.gallant@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
        ("steve.cottle@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
        ("guest.blogger@demo.gc.ca", Role.MEMBER, MembershipStatus.ACTIVE, ""),
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


CREATIVE_2014 = """Typically at this time of year I tend to write a few thoughts surrounding my hopes and \
expectations for digital engagement in the public sector sphere here in Canada. I must admit that I am \
quite optimistic about the next twelve months, given the amount of behind-the-scenes progress that has \
been made to date in various organizations in terms of setting up the necessary infrastructure that \
social channels require (primarily governance and HR related).

At the municipal level, cities such as Edmonton, Regina and Calgary (note the latter's bold move to a \
search focused website) are doing incredible work by incorporating social channels into their service \
delivery processes. At the provincial level, a stand out for true 2-way citizen engagement (using a hub \
and spoke model that empowers specific branches for digital engagement) is definitely the BC \
Government. The feds have also come a long way with great initiatives on multiple fronts including, \
among others, the ongoing highly visual audience engagement performed by Parks Canada, the highly \
informative video content sharing (using subject matter experts) at Statistics Canada, and Service \
Canada's first foray into the 2-way social realm with their "Services for Youth" Facebook initiative.

Key elements that I find drive this sort of progress are as follows:

### Integration of "social" across the organization

Understanding that social media engagement does not fall under any "single" branch in an \
organization. Communications may be responsible for the overall corporate strategy, however the \
various branches of an organization are beginning to realize that they need to be empowered for \
engagement (or at least content provision) as well. This often involves creating their own \
sub-strategies and presence across targeted social channels to achieve branch level objectives.

### Traditional and social media advertising channels cannot be treated in isolation

I hope 2014 will mark the death of thinking traditional vs social when it comes to planning \
advertising campaigns. There has never been a greater need to practice integrated marketing \
communications (IMC). The two are heavily intertwined as evidenced by something as simple as the \
hashtag promotion that you see on nearly every print brochure, TV program or radio station display you \
flick across these days.

### Issuing simplified guidelines and educating staff

Organizations have finally realized that most employees do not read legal fine print even if they \
should. Clearly written, simplified 1-3 page social media engagement guidelines are a must. However \
the guidelines themselves are useless without a plan to communicate them to your staff. I have seen \
great progress made on this front through including engagement as a topic in employee training \
programs and all staff training gatherings.

### Hiring staff and acknowledging the need for new skill sets

There are currently 107 job titles with the term "social media" included in them among people who put \
"Government of Canada" as their employer on LinkedIn. This does not include the hundreds of others that \
put down their department name as their employer instead. It also does not include those that have \
used other terms such as new media coordinator, director of digital, engagement specialist, community \
manager, etc. None of these positions existed a few years ago. There is no denying it, strategic \
social media engagement requires human resources. Organizations are either re-writing existing job \
descriptions or hiring entirely new staff. In the private sector, a typical organization of 1000 or \
more employees has a core social media team consisting of 15.6 full-time resources (according to a \
recent Altimeter Group study). For most government organizations, hiring a single resource is a good \
start.

### Beginning to understand that the web is now permanently "social"

The transition to "web 2.0" (i.e. the web as a 2-way platform for participation) is now old news. The \
modern internet is social. Period. End of story. There is no such thing as a "social media expert" \
without additional context, just like there is no such thing as an "internet expert". The \
organizations that are at the forefront understand this.

### So what do I envision next?

It's time to start pushing the boundaries a bit. The above are all great positive steps in the right \
direction, however in my opinion 2014 should be the year we finally start to see some truly creative, \
original approaches for digital engagement in the public sector sphere. It's been happening in the \
private sector for years now. Want a quick re-cap? Just take a look at a list of the Top 10 \
Influential Social Media Marketing Campaigns of 2013 and you'll know what I mean.

To get you thinking, I'll leave you with the now infamous video from WestJet that takes the crown for \
2013 creativity, all the while staying true to the brand and generating a preposterous amount of \
earned media. I can't wait to see ideas like this start to come in from Departments "X, Y and Z" of the \
Government of Canada. Am I too optimistic? What do you think?"""

ARTICLES = [
    # community, author, language, title, body, tags, comments closed, visits, published on
    {
        "community": "engagement",
        "author": "guest.blogger@demo.gc.ca",
        "language": "en",
        "title": "Great “behind-the-scenes” progress in 2013, now let’s get creative!",
        "body": CREATIVE_2014,
        "tags": ["Compliment", "Governance", "Government"],
        "comments_closed": True,
        "visit_count": 721,
        # The seed has no date; its text looks back on 2013 and ahead to 2014.
        "published_at": dt.datetime(2014, 1, 6, 9, 0, tzinfo=dt.UTC),
    },
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

    for data in ARTICLES:
        _load_article(data, communities, users)


def _load_article(data, communities, users):
    article, created = Article.objects.get_or_create(
        title=data["title"],
        author=users[data["author"]],
        defaults={
            "community": communities[data["community"]],
            "slug": slugify(data["title"])[:200],
            "language": data["language"],
            "body": data["body"],
            "body_html": render_markdown(data["body"]),
            "status": ArticleStatus.PUBLISHED,
            "published_at": data["published_at"],
            "comments_closed": data["comments_closed"],
            "visit_count": data["visit_count"],
            **article_search_fields(
                title=data["title"], tag_names=data["tags"], body=data["body"], language=data["language"]
            ),
        },
    )
    if created:
        article.tags.set(data["tags"])
