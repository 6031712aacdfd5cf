"""events 0006: the venue, speakers' affiliations and organizers' messages in both languages; no text is
lost either way."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from events.models import Event, OrganizerMessage, SessionSpeaker
from tests.events.factories import EventFactory, SessionSpeakerFactory, workshop
from tests.factories import UserFactory

BEFORE = [("events", "0005_surveys_move_to_their_app")]
# Where the tests leave the database: every app's last migration (later ones come back too).
LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_0006_keeps_every_venue_affiliation_and_message_in_the_language_it_was_written_in():
    english_writer = UserFactory(preferred_language="en")
    french_writer = UserFactory(preferred_language="fr")
    ottawa = EventFactory(venue_en="", venue_fr="")
    online = EventFactory(venue_en="", venue_fr="", online_link="https://meet.example.gc.ca/x")
    speaker = SessionSpeakerFactory(affiliation_en="", affiliation_fr="")
    try:
        old = migrate(BEFORE)
        OldEvent, OldMessage = old.get_model("events", "Event"), old.get_model("events", "OrganizerMessage")
        OldEvent.objects.filter(pk=ottawa.pk).update(venue="Shaw Centre, Ottawa")
        old.get_model("events", "SessionSpeaker").objects.filter(pk=speaker.pk).update(affiliation="CRA")
        for writer, subject, body in (
            (english_writer, "Parking", "Use lot B."),
            (french_writer, "Stationnement", "Utilisez le stationnement B."),
            (None, "Welcome", "See you soon."),  # the sender's account is gone
        ):
            OldMessage.objects.create(
                event_id=ottawa.pk,
                token=uuid.uuid4(),
                subject=subject,
                body=body,
                sent_by_id=writer and writer.pk,
            )
    finally:
        migrate(LATEST)
    assert Event.objects.filter(pk=ottawa.pk).values_list("venue_en", "venue_fr").get() == (
        "Shaw Centre, Ottawa",
        "",
    )
    assert Event.objects.get(pk=online.pk).is_online
    assert SessionSpeaker.objects.filter(pk=speaker.pk).values_list(
        "affiliation_en", "affiliation_fr"
    ).get() == (
        "CRA",
        "",
    )
    messages = OrganizerMessage.objects.order_by("pk").values_list(
        "subject_en", "body_en", "subject_fr", "body_fr"
    )
    assert list(messages) == [
        ("Parking", "Use lot B.", "", ""),
        ("", "", "Stationnement", "Utilisez le stationnement B."),
        ("Welcome", "See you soon.", "", ""),
    ]


@pytest.mark.django_db(transaction=True)
def test_0006_reversed_keeps_the_french_text_when_there_is_no_english():
    event = EventFactory(venue_en="", venue_fr="Centre Shaw, Ottawa")
    speaker = SessionSpeakerFactory(affiliation_en="", affiliation_fr="ARC")
    OrganizerMessage.objects.create(
        event=event, token=uuid.uuid4(), subject_fr="Bonjour", body_fr="À bientôt."
    )
    try:
        old = migrate(BEFORE)
        assert old.get_model("events", "Event").objects.get(pk=event.pk).venue == "Centre Shaw, Ottawa"
        assert old.get_model("events", "SessionSpeaker").objects.get(pk=speaker.pk).affiliation == "ARC"
        message = old.get_model("events", "OrganizerMessage").objects.get()
        assert (message.subject, message.body) == ("Bonjour", "À bientôt.")
    finally:
        migrate(LATEST)


@pytest.mark.django_db(transaction=True)
def test_0010_fills_the_seat_counters_from_the_rows_and_keeps_every_seat_given():
    event = EventFactory(capacity=3)
    session = workshop(event, 13, capacity=1)
    members = [UserFactory() for _ in range(4)]
    try:
        old = migrate([("events", "0009_event_and_session_search_vectors")])
        OldRegistration = old.get_model("events", "Registration")
        OldChoice = old.get_model("events", "WorkshopChoice")
        rows = [
            OldRegistration.objects.create(
                event_id=event.pk, user_id=m.pk, status=status, waitlist_position=position
            )
            for m, (status, position) in zip(
                members,
                [("confirmed", None), ("confirmed", None), ("waitlisted", 1), ("cancelled", None)],
                strict=True,
            )
        ]
        # An organizer once lowered the workshop below the seats it had given: two people hold one seat.
        for registration in rows[:2]:
            OldChoice.objects.create(
                registration_id=registration.pk, session_id=session.pk, status="confirmed"
            )
        migrate(LATEST)
        event.refresh_from_db()
        session.refresh_from_db()
        assert (event.capacity, event.confirmed_count, event.waitlist_count) == (3, 2, 1)
        assert (session.capacity, session.confirmed_count, session.waitlist_count) == (2, 2, 0)
    finally:
        migrate(LATEST)
