"""Demo events: the Social Media Learning Day (Vancouver, published), a draft national forum, a past webinar,
and last year's learning day (completed) with its participants (their feedback: surveys.demo).

Idempotent: every row is found again by a stable key (slug, or event + English name/title).
"""

import datetime as dt

from communities.models import Community
from members.demo import demo_user
from members.models import User
from nmc_portal.emails import render_email
from nmc_portal.models import OutboundEmail

from .models import (
    Event,
    OrganizerMessage,
    Partner,
    Registration,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    WorkshopChoice,
)
from .services.registration import recount_places

PARTNERS = [
    # slug, English name, French name, English acronym, French acronym
    (
        "pfcc",
        "Pacific Federal Communications Council",
        "Conseil fédéral des communications du Pacifique",
        "PFCC",
        "CFCP",
    ),
    (
        "governexx",
        "Governexx (Federal Youth Network, British Columbia)",
        "Governexx (Réseau fédéral des jeunes, Colombie-Britannique)",
        "",
        "",
    ),
    ("pfc", "Pacific Federal Council", "Conseil fédéral du Pacifique", "PFC", "CFP"),
    ("nmc", "National Managers' Community", "Communauté nationale des gestionnaires", "NMC", "CNG"),
]

SPEAKERS = {
    "steve-dotto": (
        "Steve Dotto",
        "Vancouver-based technology expert and broadcaster.",
        "Spécialiste des technologies et communicateur établi à Vancouver.",
    ),
    "paola-rossell": (
        "Paola Rossell",
        "Policy analyst, Treasury Board of Canada Secretariat.",
        "Analyste des politiques, Secrétariat du Conseil du Trésor du Canada.",
    ),
    "patrick-tobin": (
        "Patrick Tobin",
        "Regional executive director, Canadian Heritage.",
        "Directeur exécutif régional, Patrimoine canadien.",
    ),
    "jodi-leblanc": ("Jodi LeBlanc", "Veterans Affairs Canada.", "Anciens Combattants Canada."),
    "roy-nader": ("Roy Nader", "Canada Revenue Agency.", "Agence du revenu du Canada."),
}

LEARNING_DAY_DESCRIPTION_EN = (
    "A one-day event for federal public servants on the use of social media in a government context, "
    "designed and delivered by four horizontal communities: the Pacific Federal Communications Council "
    "(PFCC), Governexx, the Pacific Federal Council (PFC) and the National Managers' Community (NMC).\n\n"
    "The morning plenary looks at the forces social media brings to the workplace, the rules and policy "
    "instruments that apply to public servants, and what to do when engaging online. In the afternoon, each "
    "participant takes two of six interactive workshops."
)
LEARNING_DAY_DESCRIPTION_FR = (
    "Une journée pour les fonctionnaires fédéraux sur l'utilisation des médias sociaux dans un contexte "
    "gouvernemental, conçue et offerte par quatre communautés horizontales\u00a0: le Conseil fédéral des "
    "communications du Pacifique (CFCP), Governexx, le Conseil fédéral du Pacifique (CFP) et la Communauté "
    "nationale des gestionnaires (CNG).\n\n"
    "La plénière du matin porte sur les changements que les médias sociaux apportent au milieu de travail, "
    "sur les règles et les instruments de politique qui s'appliquent aux fonctionnaires et sur la façon de "
    "s'engager en ligne. L'après-midi, chaque participant suit deux des six ateliers interactifs."
)

ROOMS = [
    # English name, French name, capacity
    ("Main hall", "Grande salle", 200),
    ("Room A", "Salle A", 60),
    ("Room B", "Salle B", 60),
    ("Room C", "Salle C", 60),
]

# start, end, kind, room, language, capacity, English title, French title,
# speakers (slug, role, English affiliation, French affiliation)
LEARNING_DAY_AGENDA = [
    (
        "08:30",
        "09:00",
        "break",
        None,
        "bilingual",
        None,
        "Registration and coffee",
        "Inscription et café",
        [],
    ),
    (
        "09:00",
        "10:00",
        "keynote",
        "Main hall",
        "en",
        None,
        "Social media is a place, not a thing",
        "Les médias sociaux\u00a0: un lieu, pas une chose",
        [("steve-dotto", "speaker", "Dotto Tech", "Dotto Tech")],
    ),
    (
        "10:00",
        "10:45",
        "plenary",
        "Main hall",
        "en",
        None,
        "Social media at work: the policy instruments",
        "Les médias sociaux au travail\u00a0: les instruments de politique",
        [
            (
                "paola-rossell",
                "speaker",
                "Treasury Board of Canada Secretariat",
                "Secrétariat du Conseil du Trésor du Canada",
            )
        ],
    ),
    ("10:45", "11:00", "break", None, "bilingual", None, "Break", "Pause", []),
    (
        "11:00",
        "12:00",
        "panel",
        "Main hall",
        "bilingual",
        None,
        "Engaging online as a public servant",
        "S'engager en ligne comme fonctionnaire",
        [
            ("patrick-tobin", "host", "Canadian Heritage", "Patrimoine canadien"),
            ("steve-dotto", "panelist", "Dotto Tech", "Dotto Tech"),
            (
                "paola-rossell",
                "panelist",
                "Treasury Board of Canada Secretariat",
                "Secrétariat du Conseil du Trésor du Canada",
            ),
            ("jodi-leblanc", "panelist", "Veterans Affairs Canada", "Anciens Combattants Canada"),
            ("roy-nader", "panelist", "Canada Revenue Agency", "Agence du revenu du Canada"),
        ],
    ),
    ("12:00", "13:00", "break", None, "bilingual", None, "Lunch", "Dîner", []),
    (
        "13:00",
        "14:15",
        "workshop",
        "Room A",
        "en",
        60,
        "Building a Social Media Strategy",
        "Élaborer une stratégie de médias sociaux",
        [],
    ),
    (
        "13:00",
        "14:15",
        "workshop",
        "Room B",
        "en",
        60,
        "Social Media Risk Management",
        "Gestion des risques liés aux médias sociaux",
        [],
    ),
    (
        "13:00",
        "14:15",
        "workshop",
        "Room C",
        "bilingual",
        60,
        "All About the GoC's Social Media Tools",
        "Tout sur les outils de médias sociaux du GC",
        [],
    ),
    (
        "14:30",
        "15:45",
        "workshop",
        "Room A",
        "en",
        60,
        "Who Are You Online?",
        "Qui êtes-vous en ligne\u202f?",
        [],
    ),
    (
        "14:30",
        "15:45",
        "workshop",
        "Room B",
        "en",
        60,
        "Social Media Solutions to Innovation Challenges",
        "Les médias sociaux au service des défis d'innovation",
        [],
    ),
    (
        "14:30",
        "15:45",
        "workshop",
        "Room C",
        "fr",
        60,
        "Social Media Basics",
        "Les médias sociaux\u00a0: notions de base",
        [],
    ),
]


def upsert_event(slug, organizer, partners=(), rooms=(), agenda=(), **fields):
    event, _created = Event.objects.update_or_create(slug=slug, defaults=fields)
    event.organizers.add(organizer)
    event.partners.set(partners)
    room_by_name = {}
    for position, (name_en, name_fr, capacity) in enumerate(rooms):
        room_by_name[name_en], _created = Room.objects.update_or_create(
            event=event,
            name_en=name_en,
            defaults={"name_fr": name_fr, "capacity": capacity, "position": position},
        )
    for start, end, kind, room, language, capacity, title_en, title_fr, speakers in agenda:
        session, _created = Session.objects.update_or_create(
            event=event,
            title_en=title_en,
            defaults={
                "title_fr": title_fr,
                "kind": kind,
                "room": room_by_name.get(room),
                "language": language,
                "capacity": capacity,
                "starts_at": event.at_venue(fields["start_date"], dt.time.fromisoformat(start)),
                "ends_at": event.at_venue(fields["start_date"], dt.time.fromisoformat(end)),
            },
        )
        for position, (speaker_slug, role, affiliation_en, affiliation_fr) in enumerate(speakers):
            name, bio_en, bio_fr = SPEAKERS[speaker_slug]
            speaker, _created = Speaker.objects.update_or_create(
                slug=speaker_slug, defaults={"name": name, "bio_en": bio_en, "bio_fr": bio_fr}
            )
            SessionSpeaker.objects.update_or_create(
                session=session,
                speaker=speaker,
                defaults={
                    "role": role,
                    "affiliation_en": affiliation_en,
                    "affiliation_fr": affiliation_fr,
                    "position": position,
                },
            )
    return event


def load():
    organizer = demo_user("organizer@demo.gc.ca")
    partners = []
    for slug, name_en, name_fr, acronym_en, acronym_fr in PARTNERS:
        partner, _created = Partner.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "acronym_en": acronym_en,
                "acronym_fr": acronym_fr,
            },
        )
        partners.append(partner)
    vancouver = "America/Vancouver"
    upsert_event(
        "social-media-learning-day-2027",
        organizer,
        partners=partners,
        rooms=ROOMS,
        agenda=LEARNING_DAY_AGENDA,
        title_en="Social Media Learning Day",
        title_fr="Journée d'apprentissage sur les médias sociaux",
        description_en=LEARNING_DAY_DESCRIPTION_EN,
        description_fr=LEARNING_DAY_DESCRIPTION_FR,
        kind=Event.Kind.LEARNING_DAY,
        status=Event.Status.PUBLISHED,
        region="pacific",
        timezone=vancouver,
        start_date=dt.date(2027, 1, 15),
        end_date=dt.date(2027, 1, 15),
        venue_en="Vancouver, British Columbia",
        venue_fr="Vancouver (Colombie-Britannique)",
        capacity=175,
        registration_opens_at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=Event(timezone=vancouver).tzinfo),
        registration_closes_at=dt.datetime(2027, 1, 8, 17, 0, tzinfo=Event(timezone=vancouver).tzinfo),
        max_workshops_per_person=2,
        # Hosted by the engagement community (communities.demo loads before this module).
        community=Community.objects.filter(slug="engagement").first(),
    )
    upsert_event(
        "national-managers-forum-2027",
        organizer,
        partners=partners[3:],
        rooms=[("Plenary hall", "Salle plénière", 800)],
        agenda=[
            (
                "09:00",
                "10:00",
                "keynote",
                "Plenary hall",
                "bilingual",
                None,
                "Opening keynote",
                "Conférence d'ouverture",
                [],
            ),
        ],
        title_en="National Managers' Forum 2027",
        title_fr="Forum national des gestionnaires 2027",
        description_en="The annual forum where managers from every region meet, learn and connect.",
        description_fr="Le forum annuel où les gestionnaires de toutes les régions se rencontrent.",
        kind=Event.Kind.NATIONAL_FORUM,
        status=Event.Status.DRAFT,
        region="",
        timezone="America/Toronto",
        start_date=dt.date(2027, 5, 12),
        end_date=dt.date(2027, 5, 14),
        venue_en="Shaw Centre, Ottawa",
        venue_fr="Centre Shaw, Ottawa",
        capacity=800,
        max_workshops_per_person=3,
    )
    upsert_event(
        "coaching-conversations-webinar-2025",
        organizer,
        partners=partners[3:],
        agenda=[
            (
                "12:00",
                "13:00",
                "plenary",
                None,
                "bilingual",
                None,
                "Coaching conversations for managers",
                "Conversations de coaching pour les gestionnaires",
                [],
            ),
        ],
        title_en="Coaching Conversations for Managers",
        title_fr="Conversations de coaching pour les gestionnaires",
        description_en="A lunchtime webinar from the NMC coaching community of practice.",
        description_fr="Un webinaire du midi offert par la communauté de pratique en coaching de la CNG.",
        kind=Event.Kind.WEBINAR,
        status=Event.Status.COMPLETED,
        region="",
        timezone="America/Toronto",
        start_date=dt.date(2025, 10, 8),
        end_date=dt.date(2025, 10, 8),
        venue_en="",
        venue_fr="",
        online_link="https://example.gc.ca/webinar",
        capacity=500,
    )
    past = load_past_learning_day(organizer, partners)
    load_messages(organizer, past, Event.objects.get(slug="social-media-learning-day-2027"))


# Last year's learning day and its participants -------------------------------------------------------

PAST_PARTICIPANTS = 48
FIRST_NAMES = [
    "Alex",
    "Brigitte",
    "Chen",
    "Dana",
    "Élise",
    "Farah",
    "Gabriel",
    "Hugo",
    "Inès",
    "Jordan",
    "Karim",
    "Léa",
    "Marc",
    "Nadia",
    "Omar",
    "Pascale",
    "Quinn",
    "Rosalie",
    "Sanjay",
    "Thérèse",
]
LAST_NAMES = [
    "Tremblay",
    "Wong",
    "Roy",
    "Singh",
    "Côté",
    "MacDonald",
    "Gagnon",
    "Nguyen",
    "Bouchard",
    "Ahmed",
    "Martin",
    "Lavoie",
]


def past_participants():
    """Demo participants of last year's learning day (no password: they never sign in)."""
    people = []
    for n in range(PAST_PARTICIPANTS):
        email = f"participant{n + 1:02d}@demo.gc.ca"
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=name, department="tc", region="pacific", position="manager")
            user.preferred_language = "fr" if n % 4 == 0 else "en"
            user.directory_visible = False
            user.set_unusable_password()
            user.save()
        people.append(user)
    return people


def load_past_learning_day(organizer, partners):
    vancouver = Event(timezone="America/Vancouver").tzinfo
    event = upsert_event(
        "social-media-learning-day-2026",
        organizer,
        partners=partners,
        rooms=ROOMS,
        agenda=LEARNING_DAY_AGENDA,
        title_en="Social Media Learning Day 2026",
        title_fr="Journée d'apprentissage sur les médias sociaux 2026",
        description_en=LEARNING_DAY_DESCRIPTION_EN,
        description_fr=LEARNING_DAY_DESCRIPTION_FR,
        kind=Event.Kind.LEARNING_DAY,
        status=Event.Status.COMPLETED,
        region="pacific",
        timezone="America/Vancouver",
        start_date=dt.date(2026, 1, 16),
        end_date=dt.date(2026, 1, 16),
        venue_en="Vancouver, British Columbia",
        venue_fr="Vancouver (Colombie-Britannique)",
        capacity=175,
        registration_opens_at=dt.datetime(2025, 11, 3, 9, 0, tzinfo=vancouver),
        registration_closes_at=dt.datetime(2026, 1, 9, 17, 0, tzinfo=vancouver),
        max_workshops_per_person=2,
    )
    workshops = list(
        event.sessions.filter(kind=Session.Kind.WORKSHOP).order_by("starts_at", "room__position")
    )
    early, late = workshops[:3], workshops[3:]
    checked_in = dt.datetime(2026, 1, 16, 8, 40, tzinfo=vancouver)
    people = past_participants()
    for n, member in enumerate(people):
        registration, created = Registration.objects.get_or_create(
            event=event,
            user=member,
            defaults={
                "status": Registration.Status.CONFIRMED,
                "confirmed_at": checked_in,
                "checked_in_at": checked_in,
            },
        )
        if created:
            for session in (early[n % 3], late[(n // 3) % 3]):
                WorkshopChoice.objects.create(
                    registration=registration, session=session, status=WorkshopChoice.Status.CONFIRMED
                )
    recount_places(events=Event.objects.filter(pk=event.pk))  # rows made directly, not by the services
    return event


# Messages to participants: one sent after last year's day, one draft for the next ---------------------

SENT_MESSAGE_TOKEN = "6a1f4c2e-3b7d-4e59-9c80-1d2e3f405161"
DRAFT_MESSAGE_TOKEN = "8b2e5d3f-4c8e-4f6a-8d91-2e3f40516272"


def load_messages(organizer, past, upcoming):
    """Written rows, not the sending task: the demo sends no email (its emails are recorded as sent)."""
    sent, created = OrganizerMessage.objects.get_or_create(
        token=SENT_MESSAGE_TOKEN,
        defaults={
            "event": past,
            "subject_en": "Thank you for coming",
            "subject_fr": "Merci de votre présence",
            "body_en": "The slides of every workshop are now in the library.",
            "body_fr": "Les présentations de chaque atelier sont maintenant dans la bibliothèque.",
            "sent_by": organizer,
            "status": OrganizerMessage.Status.SENT,
            "queued_at": dt.datetime(2026, 1, 19, 17, 0, tzinfo=dt.UTC),
        },
    )
    if created:
        members = list(User.objects.filter(registrations__event=past).order_by("pk"))
        context = {"event": past, "session": None, "message": sent, "recipient": organizer}
        rendered = {
            language: render_email("emails/events/organizer_message", context, language)
            for language in ("en", "fr")
        }
        OutboundEmail.objects.bulk_create(
            OutboundEmail(
                kind=OutboundEmail.Kind.ORGANIZER_MESSAGE,
                recipient=member,
                recipient_email=member.email,
                object_key=sent.email_key,
                topic=f"event:{past.pk}",
                language=member.preferred_language or "en",
                subject=rendered[member.preferred_language or "en"][0],
                body_text=rendered[member.preferred_language or "en"][1],
                body_html=rendered[member.preferred_language or "en"][2],
                status=OutboundEmail.Status.SENT,
                sent_at=sent.queued_at,
            )
            for member in members
        )
        OrganizerMessage.objects.filter(pk=sent.pk).update(
            recipient_count=len(members), created_at=sent.queued_at
        )
    OrganizerMessage.objects.get_or_create(
        token=DRAFT_MESSAGE_TOKEN,
        defaults={
            "event": upcoming,
            "subject_en": "Your workshops",
            "subject_fr": "Vos ateliers",
            "body_en": "Choose your two workshops before January 8.",
            "body_fr": "Choisissez vos deux ateliers avant le 8 janvier.",
            "sent_by": organizer,
        },
    )
