import datetime as dt

import factory

from events.models import Event, Partner, Registration, Room, Session, SessionSpeaker, Speaker
from events.services.registration import recount_places

VANCOUVER = "America/Vancouver"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    name_fr = factory.Sequence(lambda n: f"Partenaire {n}")


class EventFactory(factory.django.DjangoModelFactory):
    """A published one-day learning day in Vancouver, well in the future."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    title_en = factory.Sequence(lambda n: f"Learning day {n}")
    title_fr = factory.Sequence(lambda n: f"Journée d'apprentissage {n}")
    description_en = "A day of learning."
    description_fr = "Une journée d'apprentissage."
    kind = Event.Kind.LEARNING_DAY
    status = Event.Status.PUBLISHED
    region = "pacific"
    timezone = VANCOUVER
    start_date = dt.date(2030, 1, 15)
    end_date = factory.SelfAttribute("start_date")
    venue_en = "Vancouver"
    venue_fr = "Vancouver"
    capacity = 100
    max_workshops_per_person = 2

    @factory.post_generation
    def organizers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organizers.set(extracted)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_fr = factory.Sequence(lambda n: f"Salle {n}")
    capacity = 50


def at(event, hour, minute=0, day=0):
    """An aware datetime at the venue, `day` days after the event's first day."""
    return event.at_venue(event.start_date + dt.timedelta(days=day), dt.time(hour, minute))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = Session.Kind.PLENARY
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_fr = factory.Sequence(lambda n: f"Séance {n}")
    starts_at = factory.LazyAttribute(lambda o: at(o.event, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    language = Session.Language.ENGLISH


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    slug = factory.Sequence(lambda n: f"speaker-{n}")
    name = factory.Sequence(lambda n: f"Speaker {n}")


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = SessionSpeaker.Role.SPEAKER


def workshop(event, hour, minute=0, capacity=30, **fields):
    """A workshop of `event` starting at hour:minute at the venue, 75 minutes long."""
    start = at(event, hour, minute)
    return SessionFactory(
        event=event,
        kind=Session.Kind.WORKSHOP,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=75),
        capacity=capacity,
        **fields,
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration (made directly: tests of the services go through them)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    status = Registration.Status.CONFIRMED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Made directly, so the event's seat counters are counted again from its rows."""
        registration = super()._create(model_class, *args, **kwargs)
        recount_places(events=Event.objects.filter(pk=registration.event_id))
        return registration
