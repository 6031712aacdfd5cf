import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from events.models import Event, Session
from events.queries.agenda import conflicts_for
from events.services import agenda
from nmc_portal.errors import DomainError
from tests.events.factories import (
    EventFactory,
    PartnerFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    at,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def session_fields(event, start, end, **extra):
    return {"kind": "plenary", "title_en": "A talk", "starts_at": start, "ends_at": end, **extra}


def test_create_session_refuses_end_before_start():
    event = EventFactory()
    with pytest.raises(DomainError) as error:
        agenda.create_session(event=event, **session_fields(event, at(event, 10), at(event, 9)))
    assert error.value.message == "A session must end after it starts."
    assert error.value.field == "ends"
    assert Session.objects.count() == 0


def test_create_session_refuses_end_equal_to_start():
    event = EventFactory()
    with pytest.raises(DomainError):
        agenda.create_session(event=event, **session_fields(event, at(event, 10), at(event, 10)))


def test_create_session_refuses_a_day_outside_the_event():
    event = EventFactory()
    with pytest.raises(DomainError) as error:
        agenda.create_session(event=event, **session_fields(event, at(event, 9, day=1), at(event, 10, day=1)))
    assert error.value.message == "The session must take place during the event (January 15, 2030)."
    assert Session.objects.count() == 0


def test_create_session_refuses_the_day_before_in_venue_time():
    event = EventFactory()
    with pytest.raises(DomainError):
        agenda.create_session(event=event, **session_fields(event, at(event, 23, day=-1), at(event, 9)))


def test_create_session_refuses_a_room_of_another_event():
    event = EventFactory()
    room = RoomFactory()
    with pytest.raises(DomainError) as error:
        agenda.create_session(event=event, **session_fields(event, at(event, 9), at(event, 10), room=room))
    assert error.value.field == "room"


def test_database_refuses_session_ending_before_it_starts():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            event=event, kind="plenary", title_en="x", starts_at=at(event, 10), ends_at=at(event, 9)
        )


def test_database_refuses_event_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=dt.date(2030, 1, 15), end_date=dt.date(2030, 1, 14))


def test_database_refuses_zero_capacity_and_duplicate_slug():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(event=event, capacity=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(slug=event.slug)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(event=event, name_en="Hall"), RoomFactory(event=event, name_en="Hall")


def test_conflicts_room_double_booked_names_both_sessions():
    room = RoomFactory(name_en="Room A")
    event = room.event
    SessionFactory(
        event=event, room=room, title_en="Strategy", starts_at=at(event, 13), ends_at=at(event, 14)
    )
    SessionFactory(
        event=event, room=room, title_en="Risk", starts_at=at(event, 13, 30), ends_at=at(event, 15)
    )
    conflicts = conflicts_for(event)
    assert [(c.kind, c.message) for c in conflicts] == [
        ("room", "Room A is double-booked: “Strategy” and “Risk” overlap.")
    ]


def test_conflicts_none_when_sessions_touch_end_to_start():
    room = RoomFactory()
    event = room.event
    SessionFactory(event=event, room=room, starts_at=at(event, 13), ends_at=at(event, 14))
    SessionFactory(event=event, room=room, starts_at=at(event, 14), ends_at=at(event, 15))
    assert conflicts_for(event) == []


def test_conflicts_speaker_double_booked_names_both_sessions():
    event = EventFactory()
    speaker = SpeakerFactory(name="Steve Dotto")
    first = SessionFactory(event=event, title_en="Keynote", starts_at=at(event, 9), ends_at=at(event, 10))
    second = SessionFactory(event=event, title_en="Panel", starts_at=at(event, 9, 30), ends_at=at(event, 11))
    SessionSpeakerFactory(session=first, speaker=speaker)
    SessionSpeakerFactory(session=second, speaker=speaker, role="panelist")
    assert [(c.kind, c.message) for c in conflicts_for(event)] == [
        ("speaker", "Steve Dotto is double-booked: “Keynote” and “Panel” overlap.")
    ]


def test_conflicts_workshop_capacity_above_room_capacity():
    room = RoomFactory(name_en="Room B", capacity=30)
    SessionFactory(event=room.event, room=room, kind="workshop", title_en="Basics", capacity=40)
    assert [(c.kind, c.message) for c in conflicts_for(room.event)] == [
        ("capacity", "“Basics” takes 40 participants but Room B holds 30.")
    ]


def test_create_session_returns_the_conflicts_it_causes():
    room = RoomFactory(name_en="Room A", event=EventFactory(status=Event.Status.DRAFT))
    event = room.event
    SessionFactory(event=event, room=room, title_en="First", starts_at=at(event, 9), ends_at=at(event, 10))
    session, conflicts = agenda.create_session(
        event=event, **session_fields(event, at(event, 9), at(event, 10), room=room, title_en="Second")
    )
    assert Session.objects.filter(event=event).count() == 2
    assert [c.message for c in conflicts] == ["Room A is double-booked: “First” and “Second” overlap."]


def test_move_session_keeps_its_length_and_clears_the_conflict():
    room, other = RoomFactory(), None
    event = room.event
    other = RoomFactory(event=event)
    SessionFactory(event=event, room=room, starts_at=at(event, 9), ends_at=at(event, 10))
    session = SessionFactory(event=event, room=room, starts_at=at(event, 9), ends_at=at(event, 10, 30))
    session, conflicts = agenda.move_session(session=session, starts_at=at(event, 11), room=other)
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at, session.room) == (at(event, 11), at(event, 12, 30), other)
    assert conflicts == []
    assert conflicts_for(event) == []


def test_remove_session_deletes_it_and_its_speakers():
    speaker = SessionSpeakerFactory()
    agenda.remove_session(session=speaker.session)
    assert Session.objects.count() == 0


def test_add_session_speaker_reuses_a_speaker_by_name():
    first, second = SessionFactory(), SessionFactory()
    agenda.add_session_speaker(
        session=first, name="Roy Nader", role="panelist", affiliation_en="CRA", affiliation_fr="ARC"
    )
    agenda.add_session_speaker(session=second, name="Roy Nader", role="speaker")
    assert first.speakers.get().pk == second.speakers.get().pk


def test_add_session_speaker_refuses_the_same_speaker_twice():
    session = SessionFactory()
    agenda.add_session_speaker(session=session, name="Roy Nader", role="panelist")
    with pytest.raises(DomainError):
        agenda.add_session_speaker(session=session, name="Roy Nader", role="host")
    assert session.session_speakers.count() == 1


def test_update_event_refuses_new_dates_that_leave_sessions_outside():
    event = EventFactory()
    SessionFactory(event=event)
    with pytest.raises(DomainError):
        agenda.update_event(event=event, start_date=dt.date(2030, 2, 1), end_date=dt.date(2030, 2, 1))
    event.refresh_from_db()
    assert event.start_date == dt.date(2030, 1, 15)


def test_copy_event_shifts_the_agenda_and_makes_a_draft():
    owner, copier = UserFactory(), UserFactory()
    partner = PartnerFactory()
    event = EventFactory(
        title_en="Forum", start_date=dt.date(2029, 5, 10), end_date=dt.date(2029, 5, 11), organizers=[owner]
    )
    event.partners.add(partner)
    room = RoomFactory(event=event, name_en="Hall")
    session = SessionFactory(
        event=event, room=room, title_en="Opening", starts_at=at(event, 9), ends_at=at(event, 10)
    )
    SessionSpeakerFactory(
        session=session, speaker__name="Jodi LeBlanc", role="host", affiliation_en="VAC", affiliation_fr="ACC"
    )

    copy = agenda.copy_event(event=event, new_start=dt.date(2030, 5, 9), by=copier)

    assert (copy.status, copy.start_date, copy.end_date) == (
        "draft",
        dt.date(2030, 5, 9),
        dt.date(2030, 5, 10),
    )
    assert copy.slug == "forum-2030"
    assert copy.copied_from == event
    assert set(copy.organizers.all()) == {owner, copier}
    assert list(copy.partners.all()) == [partner]
    copied = copy.sessions.get()
    assert copy.local(copied.starts_at).isoformat() == "2030-05-09T09:00:00-07:00"
    assert copied.room.name_en == "Hall" and copied.room.event == copy
    assert [
        (s.speaker.name, s.role, s.affiliation_en, s.affiliation_fr) for s in copied.session_speakers.all()
    ] == [("Jodi LeBlanc", "host", "VAC", "ACC")]
    assert event.sessions.get().starts_at == at(event, 9)  # the original is untouched


def test_copy_event_keeps_wall_clock_time_across_daylight_saving():
    event = EventFactory(start_date=dt.date(2030, 1, 15))
    SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
    copy = agenda.copy_event(event=event, new_start=dt.date(2030, 7, 15), by=UserFactory())
    assert copy.local(copy.sessions.get().starts_at).strftime("%H:%M %Z") == "09:00 PDT"


def test_publish_event_refuses_an_agenda_with_conflicts():
    room = RoomFactory(event=EventFactory(status=Event.Status.DRAFT))
    SessionFactory(event=room.event, room=room)
    SessionFactory(event=room.event, room=room)
    with pytest.raises(DomainError) as error:
        agenda.publish_event(event=room.event)
    assert error.value.message == "Resolve the conflicts in the agenda before publishing: 1 left."
    room.event.refresh_from_db()
    assert room.event.status == "draft"


def test_publish_then_unpublish_event():
    event = EventFactory(status=Event.Status.DRAFT)
    assert agenda.publish_event(event=event).status == "published"
    assert agenda.unpublish_event(event=event).status == "draft"
    with pytest.raises(DomainError):
        agenda.unpublish_event(event=event)


def test_create_event_adds_the_organizer_and_a_unique_slug():
    user = UserFactory()
    fields = {
        "title_en": "Manage day",
        "kind": "webinar",
        "start_date": dt.date(2030, 1, 1),
        "end_date": dt.date(2030, 1, 1),
        "timezone": "America/Halifax",
    }
    first = agenda.create_event(organizer=user, **fields)
    second = agenda.create_event(organizer=user, **fields)
    assert (first.slug, second.slug, first.status) == ("manage-day-2030", "manage-day-2030-2", "draft")
    assert list(first.organizers.all()) == [user]


# A published agenda is never left double-booked: the change is refused, naming the other session;
# a draft only flags the clash (it cannot be published until it is resolved).


@pytest.fixture
def live_agenda():
    event = EventFactory(status=Event.Status.PUBLISHED)
    room_a = RoomFactory(event=event, name_en="Room A", name_fr="Salle A", capacity=30)
    room_b = RoomFactory(event=event, name_en="Room B", name_fr="Salle B", capacity=100)
    strategy = SessionFactory(
        event=event, room=room_a, title_en="Strategy", starts_at=at(event, 13), ends_at=at(event, 14)
    )
    risk = SessionFactory(
        event=event, room=room_b, title_en="Risk", starts_at=at(event, 13), ends_at=at(event, 14)
    )
    return event, room_a, room_b, strategy, risk


def as_draft(event):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    event.refresh_from_db()


ROOM_REFUSAL = (
    "The event is published, so this change is refused: Room A already has “Strategy” at that time. "
    "Choose another room or time."
)


def test_published_move_into_a_taken_room_is_refused_naming_the_other_session(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    with pytest.raises(DomainError) as error:
        agenda.move_session(session=risk, starts_at=at(event, 13, 30), room=room_a)
    assert (error.value.message, error.value.field) == (ROOM_REFUSAL, "room")
    risk.refresh_from_db()
    assert (risk.room, risk.starts_at) == (room_b, at(event, 13))
    assert conflicts_for(event) == []


def test_draft_move_into_a_taken_room_is_saved_and_flagged(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    as_draft(event)
    risk, conflicts = agenda.move_session(session=risk, starts_at=at(event, 13, 30), room=room_a)
    assert Session.objects.get(pk=risk.pk).room == room_a
    assert [c.kind for c in conflicts] == ["room"]


def test_published_new_session_in_a_taken_room_is_refused(live_agenda):
    event, room_a, *_rest = live_agenda
    fields = session_fields(event, at(event, 13), at(event, 14), room=room_a, title_en="Basics")
    with pytest.raises(DomainError) as error:
        agenda.create_session(event=event, **fields)
    assert error.value.message == ROOM_REFUSAL
    assert not Session.objects.filter(title_en="Basics").exists()
    as_draft(event)
    _session, conflicts = agenda.create_session(event=event, **fields)
    assert [c.kind for c in conflicts] == ["room"]


def test_published_edit_that_double_books_a_speaker_is_refused(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    speaker = SpeakerFactory(name="Steve Dotto")
    SessionSpeakerFactory(session=strategy, speaker=speaker)
    SessionSpeakerFactory(session=risk, speaker=speaker)
    Session.objects.filter(pk=risk.pk).update(starts_at=at(event, 14), ends_at=at(event, 15))
    risk.refresh_from_db()
    with pytest.raises(DomainError) as error:
        agenda.update_session(session=risk, starts_at=at(event, 13, 30), ends_at=at(event, 14, 30))
    assert error.value.message == (
        "The event is published, so this change is refused: Steve Dotto already speaks in “Strategy” at "
        "that time. Choose another time."
    )
    assert Session.objects.get(pk=risk.pk).starts_at == at(event, 14)


def test_published_adding_a_busy_speaker_is_refused(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    agenda.add_session_speaker(session=strategy, name="Steve Dotto", role="speaker")
    with pytest.raises(DomainError) as error:
        agenda.add_session_speaker(session=risk, name="Steve Dotto", role="speaker")
    assert "Steve Dotto already speaks in “Strategy”" in error.value.message
    assert error.value.field == "name"
    assert not risk.session_speakers.exists()


def test_published_workshop_above_its_rooms_capacity_is_refused(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    Session.objects.filter(pk=risk.pk).update(
        kind="workshop", capacity=60, starts_at=at(event, 15), ends_at=at(event, 16)
    )
    risk.refresh_from_db()
    with pytest.raises(DomainError) as error:
        agenda.move_session(session=risk, starts_at=at(event, 15), room=room_a)
    assert error.value.message == (
        "The event is published, so this change is refused: “Risk” takes 60 participants but Room A "
        "holds 30. Choose a bigger room or lower the capacity."
    )
    assert Session.objects.get(pk=risk.pk).room == room_b
    # …and so is shrinking the room under a workshop it holds.
    agenda.move_session(session=risk, starts_at=at(event, 15), room=room_b)
    with pytest.raises(DomainError) as error:
        agenda.update_room(room=room_b, name_en="Room B", name_fr="Salle B", capacity=40)
    assert "“Risk” takes 60 participants but Room B holds 40." in error.value.message
    assert error.value.field == "capacity"
    room_b.refresh_from_db()
    assert room_b.capacity == 100


def test_a_refused_move_tells_nobody_and_an_accepted_one_does(live_agenda):
    from events.services import registration as signups
    from nmc_portal.models import OutboundEmail

    event, room_a, room_b, strategy, risk = live_agenda
    signups.register(event=event, member=UserFactory())
    sent = OutboundEmail.objects.count()
    with pytest.raises(DomainError):
        agenda.move_session(session=risk, starts_at=at(event, 13), room=room_a)
    assert OutboundEmail.objects.count() == sent
    agenda.move_session(session=risk, starts_at=at(event, 15), room=room_a)
    assert OutboundEmail.objects.count() == sent + 1


def test_a_live_event_with_a_clash_can_no_longer_end_up_unpublishable(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    with pytest.raises(DomainError):
        agenda.move_session(session=risk, starts_at=at(event, 13), room=room_a)
    agenda.unpublish_event(event=event)
    assert agenda.publish_event(event=event).status == Event.Status.PUBLISHED


def test_a_published_clash_from_before_does_not_block_other_changes(live_agenda):
    event, room_a, room_b, strategy, risk = live_agenda
    Session.objects.filter(pk=risk.pk).update(room=room_a)  # saved before the rule
    risk.refresh_from_db()
    risk, conflicts = agenda.update_session(session=risk, title_en="Risk management")
    assert Session.objects.get(pk=risk.pk).title_en == "Risk management"
    assert [c.kind for c in conflicts] == ["room"]
