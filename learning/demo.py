"""Demo library: the Client Centric Policy Playbook (three revisions), the learning day's video and
workshop materials, curated news with commentary, a few votes and a comment.

Summaries and short excerpts only, in both languages. Idempotent: a resource found by its slug
is left as it is, and votes and comments are looked up before they are added.
"""

import datetime as dt

from django.utils.text import slugify

from communities.models import Community
from events.models import Event
from members.demo import demo_user

from . import services
from .models import Audience, Comment, Kind, Resource, Revision, UsefulVote

LEARNING_DAY = "social-media-learning-day-2027"

PLAYBOOK_SLUG = "client-centric-policy-playbook"
PLAYBOOK = {
    "kind": Kind.PLAYBOOK,
    "language": "en",
    "audience": Audience.PUBLIC,
    "title_en": "Client Centric Policy Playbook",
    "title_fr": "Guide de politiques axées sur les clients",
    "summary_en": (
        "Employment and Social Development Canada's evergreen playbook for engaging clients in the design "
        "of program and service policies: approaches, tips, best practices and tools gathered from policy "
        "experts and front-line employees."
    ),
    "summary_fr": (
        "Le guide évolutif d'Emploi et Développement social Canada pour faire participer les clients à la "
        "conception des politiques de programmes et de services\u00a0: approches, conseils, "
        "pratiques exemplaires "
        "et outils recueillis auprès d'experts en politiques et d'employés de première ligne."
    ),
    "url": "",
    "source_name": "Employment and Social Development Canada",
}

PLAYBOOK_REVISIONS = [
    (
        dt.datetime(2018, 11, 5, 10, 0, tzinfo=dt.UTC),
        "First draft, shared with policy and engagement experts",
        """# Why engage clients in policy

Programs and services disappoint when they are not designed from the outside in. This playbook helps
policy teams give clients a real part in policy generation, so that programs reflect their needs.

# What we tested

- **Phase 1:** an in-person workshop with youth (June 2018) on how best to engage them on employment,
  then policy consultations (August 2018) on the youth employment journey.
- **Phase 2:** a scan of best practices for engaging clients, inside the department, in other federal
  departments and in other levels of government.

# Approaches

- Work with community organizations to recruit participants and shape the format.
- Reach under-represented groups: Indigenous peoples, newcomers, people in remote areas, people with
  disabilities.
""",
    ),
    (
        dt.datetime(2019, 1, 21, 10, 0, tzinfo=dt.UTC),
        "Second draft: feedback from staff across the department and a GBA+ review",
        """# Why engage clients in policy

Programs and services disappoint when they are not designed from the outside in. This playbook helps
policy teams give clients a real part in policy generation, so that programs reflect their needs.

# What we tested

- **Phase 1:** an in-person workshop with youth (June 2018) on how best to engage them on employment,
  then policy consultations (August 2018) on the youth employment journey.
- **Phase 2:** a scan of best practices for engaging clients, inside the department, in other federal
  departments and in other levels of government.

# Approaches

- Work with community organizations to recruit participants and shape the format.
- Reach under-represented groups: Indigenous peoples, newcomers, people in remote areas, people with
  disabilities.
- Apply a Gender-Based Analysis Plus lens: diverse groups of women, men and non-binary people may
  experience policies, programs and initiatives differently.

# How the playbook was built

Employees across the country, including those who serve clients directly, reviewed the drafts through
WebEx sessions, blogs and articles. Women and Gender Equality Canada reviewed the draft with a GBA+ lens.
""",
    ),
    (
        dt.datetime(2019, 4, 17, 10, 0, tzinfo=dt.UTC),
        "Official iteration: lessons learned and conditions for success",
        """# Why engage clients in policy

Programs and services disappoint when they are not designed from the outside in. This evergreen playbook
helps policy teams give clients a real part in policy generation, so that programs and services reflect
their needs and expectations.

# What we tested

- **Phase 1:** an in-person workshop with youth (June 2018) on how best to engage them on employment,
  then policy consultations (August 2018) on the youth employment journey.
- **Phase 2:** a scan of best practices for engaging clients, inside the department, in other federal
  departments and in other levels of government.

# Approaches

- Work with community organizations to recruit participants and shape the format.
- Reach under-represented groups: Indigenous peoples, newcomers, people in remote areas, people with
  disabilities.
- Apply a Gender-Based Analysis Plus lens: diverse groups of women, men and non-binary people may
  experience policies, programs and initiatives differently.

# How the playbook was built

Employees across the country, including those who serve clients directly, reviewed the drafts through
WebEx sessions, blogs and articles. Women and Gender Equality Canada reviewed the draft with a GBA+ lens.

# Conditions for success

- Leadership, especially in a large and complex organization.
- A high level of engagement with end users, so that they are part of designing and validating the solution.
- The ability to experiment, stop, reflect and change course based on lessons learned.

> Large organizations have far more knowledge and expertise than one realizes, because we operate in silos.
""",
    ),
]

VIDEO = {
    "slug": "social-media-at-work",
    "kind": Kind.VIDEO,
    "language": "bilingual",
    "audience": Audience.PUBLIC,
    "title_en": "Social Media at Work (Transport Canada)",
    "title_fr": "Les médias sociaux au travail (Transports Canada)",
    "summary_en": (
        "Transport Canada's short video on the most important points to keep in mind when using "
        "social media, "
        "personally and professionally. Screened by the Treasury Board Secretariat at the Social Media "
        "Learning Day's plenary on policy instruments."
    ),
    "summary_fr": (
        "La courte vidéo de Transports Canada sur les points essentiels à garder en tête quand on "
        "utilise les "
        "médias sociaux, à titre personnel comme professionnel. Présentée par le Secrétariat du Conseil du "
        "Trésor lors de la plénière sur les instruments de politique de la Journée d'apprentissage."
    ),
    "body": "",
    "url": "https://www.youtube.com/results?search_query=Transport+Canada+%22Social+Media+at+Work%22",
    "source_name": "Transport Canada",
    "tags": ["social media", "policy instruments", "values and ethics"],
}

# English title, French title, English summary, French summary, tags
WORKSHOPS = [
    (
        "Building a Social Media Strategy",
        "Élaborer une stratégie de médias sociaux",
        (
            "Set goals, know your audiences, choose platforms and measure what works for a team's social "
            "media presence."
        ),
        "Fixer des objectifs, connaître ses publics, choisir ses plateformes et mesurer ce qui fonctionne.",
        ["social media", "strategy"],
    ),
    (
        "Social Media Risk Management",
        "Gestion des risques liés aux médias sociaux",
        "Spot the risks of official and personal use, plan for them and respond when something goes wrong.",
        (
            "Reconnaître les risques de l'usage officiel et personnel, s'y préparer et réagir en cas de "
            "problème."
        ),
        ["social media", "risk management"],
    ),
    (
        "All About the GoC's Social Media Tools",
        "Tout sur les outils de médias sociaux du GC",
        "A tour of the Government of Canada's internal collaboration tools and when to use each one.",
        "Un survol des outils de collaboration internes du gouvernement du Canada et de leur bon usage.",
        ["social media", "collaboration tools"],
    ),
    (
        "Who Are You Online?",
        "Qui êtes-vous en ligne\u202f?",
        (
            "Your professional and personal presence online: privacy settings, neutrality and a "
            "consistent voice."
        ),
        "Votre présence professionnelle et personnelle en ligne\u00a0: confidentialité, neutralité "
        "et cohérence.",
        ["social media", "values and ethics"],
    ),
    (
        "Social Media Solutions to Innovation Challenges",
        "Les médias sociaux au service des défis d'innovation",
        "Crowdsourcing, open dialogue and networks to move innovation challenges forward.",
        "Externalisation ouverte, dialogue ouvert et réseaux pour faire avancer les défis d'innovation.",
        ["social media", "innovation"],
    ),
    (
        "Social Media Basics",
        "Les médias sociaux\u00a0: notions de base",
        "How the main platforms work and how to get started safely (workshop given in French).",
        (
            "Le fonctionnement des principales plateformes et comment s'y lancer en toute sécurité "
            "(atelier en français)."
        ),
        ["social media", "basics"],
    ),
]

# slug, English title, French title, English summary, French summary, commentary (Markdown), source, tags
NEWS = [
    (
        "never-tweet-neutrality-of-the-public-service",
        "Never tweet: social media is complicating the neutrality of the public service",
        "Ne jamais tweeter\u00a0: les médias sociaux compliquent la neutralité de la fonction publique",
        "Social media is increasingly treacherous for public servants, who may need better guidance to "
        "navigate their public and private lives online.",
        "Les médias sociaux sont un terrain de plus en plus glissant pour les fonctionnaires, qui auraient "
        "besoin de meilleures directives pour concilier leur vie publique et leur vie privée en ligne.",
        "Easier in my time, when the major worry was appearing in the press over a leaked document. Safer to "
        "never tweet on public policy issues while in government: tweets can give the political level the "
        "perception that the public service is not neutral and impartial.",
        "Kathryn May",
        ["social media", "values and ethics", "neutrality"],
    ),
    (
        "mistrust-destroying-the-public-service-tellier",
        "All-powerful PMO, mistrust “destroying” the public service: Paul Tellier",
        "Un CPM tout-puissant et la méfiance «\u00a0détruisent\u00a0» la fonction publique, "
        "selon Paul Tellier",
        "A former Clerk of the Privy Council warns that a lack of trust between politicians and "
        "senior public "
        "servants, and a Prime Minister's Office that calls all the shots, is harming the public service.",
        "Un ancien greffier du Conseil privé prévient que le manque de confiance entre les élus et la "
        "haute fonction publique, et un Cabinet du premier ministre qui décide de tout, nuisent à la "
        "fonction publique.",
        "Of note. It would be interesting to survey other former and more recent clerks on trust and "
        "mistrust between the public service and the PMO.\n\n> “There’s no trust,” said Tellier. "
        "“And it starts at the top.”",
        "Kathryn May",
        ["trust", "fearless advice", "public service renewal"],
    ),
    (
        "ottawa-and-unions-simplify-pay-rules",
        "Ottawa and unions agree to simplify pay rules for public servants",
        "Ottawa et les syndicats s'entendent pour simplifier les règles de paye des fonctionnaires",
        "For the first time, the government and its 17 public service unions agree to discuss simplifying "
        "the thousands of pay rules that derailed the Phoenix pay system from the start.",
        "Pour la première fois, le gouvernement et ses 17 syndicats de la fonction publique acceptent de "
        "discuter de la simplification des milliers de règles de paye qui ont fait dérailler Phoenix.",
        "Government has too long expected technology to solve the harder work of simplifying pay rules, "
        "processes and definitions. It needs to be done, otherwise IT solutions will never work well.",
        "Kathryn May",
        ["pay", "Phoenix", "simplification"],
    ),
    (
        "what-ever-happened-to-deliverology",
        "What ever happened to deliverology?",
        "Qu'est-il advenu de la «\u00a0résultologie\u00a0»\u202f?",
        "The results-and-delivery approach that took the federal bureaucracy by storm in 2016 has "
        "struggled to "
        "live up to the hype; its steward says it is still changing how policy is implemented.",
        "L'approche axée sur les résultats adoptée avec enthousiasme en 2016 peine à tenir ses "
        "promesses\u202f; son "
        "responsable affirme qu'elle change tout de même la mise en œuvre des politiques.",
        "Good article. The mixed record may partly reflect too many commitments in the 2015 platform. "
        "Publishing the mandate letters may be the most significant achievement; fewer priorities would have "
        "helped implementation.",
        "Kathryn May",
        ["results", "policy implementation"],
    ),
    (
        "how-covid-19-could-reshape-the-public-service",
        "How COVID-19 could reshape the federal public service",
        "Comment la COVID-19 pourrait transformer la fonction publique fédérale",
        "The pandemic gave the public service a grand-scale chance to experiment: remote work, fewer office "
        "towers, digital government and less rules-bound processes.",
        "La pandémie a offert à la fonction publique une occasion d'expérimenter à grande échelle\u00a0: "
        "télétravail, "
        "moins d'immeubles de bureaux, gouvernement numérique et processus moins rigides.",
        "Too early to tell, but the opportunities are there.\n\n> The post-pandemic world could be "
        "the window "
        "of opportunity, or necessity, to accelerate renewal. (Michael Wernick)",
        "Kathryn May",
        ["hybrid work", "digital government", "public service renewal"],
    ),
]


def load():
    organizer = demo_user("organizer@demo.gc.ca")
    moderator = demo_user("moderator@demo.gc.ca")
    manager = demo_user("manager@demo.gc.ca")
    admin = demo_user("admin@demo.gc.ca")
    event = Event.objects.filter(slug=LEARNING_DAY).first()
    engagement = Community.objects.filter(slug="engagement").first()

    playbook = load_playbook(moderator, engagement)
    video = create_once(author=organizer, event=event, **VIDEO)
    for title_en, title_fr, summary_en, summary_fr, tags in WORKSHOPS:
        create_once(
            author=organizer,
            slug="workshop-" + slugify(title_en),
            kind=Kind.TOOLKIT,
            language="fr" if title_en == "Social Media Basics" else "en",
            audience=Audience.PUBLIC,
            title_en=f"Workshop materials: {title_en}",
            title_fr=f"Documents de l'atelier\u00a0: {title_fr}",
            summary_en=summary_en,
            summary_fr=summary_fr,
            body="",
            event=event,
            tags=tags,
        )
    for slug, title_en, title_fr, summary_en, summary_fr, commentary, source, tags in NEWS:
        create_once(
            author=admin,
            slug=slug,
            kind=Kind.NEWS,
            language="en",
            audience=Audience.PUBLIC,
            title_en=title_en,
            title_fr=title_fr,
            summary_en=summary_en,
            summary_fr=summary_fr,
            body=commentary,
            source_name=source,
            tags=tags,
        )
    for resource, member in [(playbook, manager), (playbook, organizer), (video, manager)]:
        UsefulVote.objects.get_or_create(resource=resource, member=member)
    comment = "We used the youth workshop format for our regional consultations: it worked well."
    if not Comment.objects.filter(resource=playbook, author=manager, body=comment).exists():
        services.post_comment(resource=playbook, author=manager, body=comment)


def create_once(*, slug, author, **fields):
    existing = Resource.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return services.create_resource(author=author, slug=slug, **fields)


def load_playbook(author, community):
    existing = Resource.objects.filter(slug=PLAYBOOK_SLUG).first()
    if existing is not None:
        return existing
    (first_at, first_note, first_body), *later = PLAYBOOK_REVISIONS
    playbook = services.create_resource(
        author=author,
        slug=PLAYBOOK_SLUG,
        community=community,
        body=first_body,
        change_note=first_note,
        tags=["client experience", "engagement", "policy", "GBA Plus"],
        **PLAYBOOK,
    )
    for _when, note, body in later:
        playbook = services.update_resource(resource=playbook, author=author, change_note=note, body=body)
    # The revisions carry the dates the playbook's drafts were shared, not the day the demo was loaded.
    for number, (when, _note, _body) in enumerate(PLAYBOOK_REVISIONS, start=1):
        Revision.objects.filter(resource=playbook, number=number).update(created_at=when)
    Resource.objects.filter(pk=playbook.pk).update(created_at=PLAYBOOK_REVISIONS[0][0])
    return playbook
