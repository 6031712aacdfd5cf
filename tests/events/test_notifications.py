"""Emails found by beat: reminders with one's own agenda, notices of moved or cancelled sessions; each
recorded once per (kind, recipient, object) whatever the ticks. (Survey emails: tests/surveys.)"""

import datetime as dt
import zoneinfo

import pytest

from events import notifications
from events.models import Event, Registration
from events.services import agenda
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, at, workshop
from tests.factories import UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

UTC = dt.UTC
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def emails(kind):
    return list(OutboundEmail.objects.filter(kind=kind).order_by("recipient_email"))


@pytest.fixture
def spring_forward():
    """A Vancouver event at 09:00 on Sunday 14 March 2027, the day clocks spring forward (02:00)."""
    event = EventFactory(start_date=dt.date(2027, 3, 14), reminder_days=[1])
    room = RoomFactory(event=event, name_en="Main hall", name_fr="Grande salle")
    SessionFactory(event=event, title_en="Opening keynote", title_fr="Conférence d'ouverture", room=room)
    member = UserFactory(full_name="Maya Singh")
    signups.register(event=event, member=member)
    return event, member


def test_one_day_reminder_across_daylight_saving_is_the_same_wall_clock_time_the_day_before(spring_forward):
    event, _member = spring_forward
    start = event.first_starts_at()
    assert start == dt.datetime(2027, 3, 14, 9, tzinfo=VANCOUVER) == dt.datetime(2027, 3, 14, 16, tzinfo=UTC)
    due = notifications.reminder_due_at(event, start, 1)
    assert due == dt.datetime(2027, 3, 13, 17, tzinfo=UTC)  # 09:00 PST: 23 hours before, not 24
    assert start - due == dt.timedelta(hours=23)
    assert notifications.send_due_reminders(now=due - dt.timedelta(minutes=1)) == 0
    assert notifications.send_due_reminders(now=due) == 1
    assert notifications.send_due_reminders(now=due + dt.timedelta(minutes=5)) == 0  # the next tick
    assert len(emails("event_reminder")) == 1


def test_fall_back_one_day_reminder_is_25_hours_before():
    event = EventFactory(start_date=dt.date(2027, 11, 7), reminder_days=[1])  # clocks fall back at 02:00
    SessionFactory(event=event)
    start = event.first_starts_at()
    assert start - notifications.reminder_due_at(event, start, 1) == dt.timedelta(hours=25)


def test_reminder_carries_my_agenda_in_the_venue_time_zone_with_rooms_and_my_workshops():
    event = EventFactory(start_date=dt.date(2030, 1, 15), reminder_days=[7, 1])
    hall = RoomFactory(event=event, name_en="Main hall", name_fr="Grande salle")
    SessionFactory(event=event, title_en="Opening keynote", title_fr="Conférence d'ouverture", room=hall)
    mine = workshop(event, 13, title_en="Strategy", title_fr="Stratégie", room=RoomFactory(event=event))
    workshop(event, 13, title_en="Risk", title_fr="Risques")
    member = UserFactory(full_name="Étienne Gagnon", preferred_language="fr")
    registration = signups.register(event=event, member=member)
    signups.choose_workshops(registration=registration, sessions=[mine])
    now = at(event, 9) - dt.timedelta(days=7)
    assert notifications.send_due_event_emails(now=now) == 1
    assert notifications.send_due_event_emails(now=now) == 0  # beat tick run twice
    email = OutboundEmail.objects.get(kind="event_reminder")
    assert email.object_key == f"event:{event.pk}:reminder:7d"
    assert email.topic == f"event:{event.pk}"
    assert email.subject == f"Rappel\u00a0: {event.title_fr}, 15 janvier 2030"
    assert "Votre programme (heure du Pacifique, HNP)\u00a0:" in email.body_text
    assert "- de 9\u00a0h à 10\u00a0h Conférence d'ouverture · Grande salle" in email.body_text
    assert "- de 13\u00a0h à 14\u00a0h\u00a015 Stratégie" in email.body_text
    assert "commence le mardi 15 janvier 2030 à 9\u00a0h." in email.body_text
    assert "votre atelier" in email.body_text
    assert "Risques" not in email.body_text  # a workshop I did not take
    assert "http://127.0.0.1:8000/fr/evenements/" in email.body_text
    assert '<html lang="fr">' in email.body_html
    # Six days later the 1-day reminder is due: one more email, never the 7-day one again.
    assert notifications.send_due_event_emails(now=now + dt.timedelta(days=6)) == 1
    keys = (
        OutboundEmail.objects.filter(kind="event_reminder")
        .order_by("pk")
        .values_list("object_key", flat=True)
    )
    assert list(keys) == [f"event:{event.pk}:reminder:7d", f"event:{event.pk}:reminder:1d"]


def test_only_the_latest_due_reminder_goes_and_not_to_those_who_registered_after_it():
    event = EventFactory(start_date=dt.date(2030, 1, 15), reminder_days=[7, 1])
    SessionFactory(event=event)
    early, late = UserFactory(), UserFactory()
    signups.register(event=event, member=early)
    signups.register(event=event, member=late)
    start = event.first_starts_at()
    Registration.objects.filter(user=late).update(created_at=start - dt.timedelta(hours=12))
    Registration.objects.filter(user=early).update(created_at=start - dt.timedelta(days=30))
    # The beat was down for a week: at 20 hours before, only the 1-day reminder, only to `early`.
    assert notifications.send_due_reminders(now=start - dt.timedelta(hours=20)) == 1
    assert [(e.recipient_email, e.object_key) for e in emails("event_reminder")] == [
        (early.email, f"event:{event.pk}:reminder:1d")
    ]


def test_no_reminder_for_drafts_cancelled_registrations_or_after_the_start():
    event = EventFactory(start_date=dt.date(2030, 1, 15), reminder_days=[1])
    SessionFactory(event=event)
    registration = signups.register(event=event, member=UserFactory())
    signups.cancel_registration(registration=registration)
    start = event.first_starts_at()
    assert notifications.send_due_reminders(now=start - dt.timedelta(hours=2)) == 0
    signups.register(event=event, member=UserFactory())
    Registration.objects.update(created_at=start - dt.timedelta(days=3))
    assert notifications.send_due_reminders(now=start + dt.timedelta(minutes=1)) == 0
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    assert notifications.send_due_reminders(now=start - dt.timedelta(hours=2)) == 0


def test_a_reminder_tick_takes_the_same_number_of_queries_for_3_or_9_registrations():
    """Agendas, rendering and recording in bulk: no query per registration (10,000 in the benchmark)."""
    counts = []
    for size in (3, 9):
        event = EventFactory(start_date=dt.date(2030, 1, 15), reminder_days=[7])
        SessionFactory(event=event, room=RoomFactory(event=event))
        chosen, other = workshop(event, 13), workshop(event, 13)
        for n in range(size):
            registration = signups.register(
                event=event, member=UserFactory(preferred_language=("en", "fr")[n % 2])
            )
            signups.choose_workshops(registration=registration, sessions=[(chosen, other)[n % 2]])
        Registration.objects.filter(event=event).update(created_at=at(event, 9) - dt.timedelta(days=30))
        now = at(event, 9) - dt.timedelta(days=6)
        queries, recorded = count_queries(notifications.send_event_reminders, event=event, now=now)
        assert recorded == size
        counts.append(queries)
    assert counts[0] == counts[1]
    bodies = OutboundEmail.objects.filter(kind="event_reminder", language="fr").values_list(
        "body_text", flat=True
    )
    assert all("votre atelier" in body for body in bodies)


# Changes to sessions -------------------------------------------------------------------------------


@pytest.fixture
def workshop_world():
    event = EventFactory()
    room_a, room_b = RoomFactory(event=event, name_en="Room A"), RoomFactory(event=event, name_en="Room B")
    chosen = workshop(event, 13, title_en="Strategy", title_fr="Stratégie", room=room_a)
    other = workshop(event, 14, 30, title_en="Basics")
    participant, bystander = UserFactory(), UserFactory()
    registration = signups.register(event=event, member=participant)
    signups.choose_workshops(registration=registration, sessions=[chosen])
    signups.register(event=event, member=bystander)
    return event, chosen, other, participant, room_b


def test_moving_a_chosen_workshop_tells_its_participants_once_per_move(workshop_world):
    event, chosen, _other, participant, room_b = workshop_world
    new_start = at(event, 15)
    agenda.move_session(session=chosen, starts_at=new_start, room=room_b)
    agenda.move_session(session=chosen, starts_at=new_start, room=room_b)  # the same move saved again
    changed = emails("session_changed")
    assert [e.recipient_email for e in changed] == [participant.email]
    assert changed[0].object_key == f"session:{chosen.pk}:at:20300115T1500-0800:room:{room_b.pk}"
    assert changed[0].subject == "Changed: “Strategy” has moved"
    now = "Now: Tuesday, January 15, 2030, 3:00\u00a0p.m. to 4:15\u00a0p.m. PST (Pacific Time), Room B"
    assert now in changed[0].body_text
    assert "Before: Tuesday, January 15, 2030, 1:00\u00a0p.m. PST, Room A" in changed[0].body_text
    agenda.move_session(session=chosen, starts_at=at(event, 16), room=room_b)  # a later, different move
    assert len(emails("session_changed")) == 2


def test_editing_a_session_without_moving_it_sends_nothing(workshop_world):
    _event, chosen, _other, _participant, _room_b = workshop_world
    agenda.update_session(session=chosen, title_en="Strategy, revised")
    assert emails("session_changed") == []


def test_moving_a_plenary_tells_everyone_registered_and_a_break_nobody(workshop_world):
    event, _chosen, _other, participant, _room_b = workshop_world
    plenary = SessionFactory(event=event, kind="plenary")
    pause = SessionFactory(event=event, kind="break", starts_at=at(event, 10), ends_at=at(event, 10, 15))
    agenda.move_session(session=plenary, starts_at=at(event, 11), room=None)
    agenda.move_session(session=pause, starts_at=at(event, 10, 30), room=None)
    assert len(emails("session_changed")) == 2  # the participant and the bystander, for the plenary only


def test_removing_a_chosen_workshop_tells_its_participants(workshop_world):
    _event, chosen, _other, participant, _room_b = workshop_world
    pk = chosen.pk
    agenda.remove_session(session=chosen)
    cancelled = emails("session_cancelled")
    assert [(e.recipient_email, e.object_key) for e in cancelled] == [
        (participant.email, f"session:{pk}:cancelled")
    ]
    assert "You can choose another workshop" in cancelled[0].body_text


def test_changes_to_a_draft_agenda_tell_nobody(workshop_world):
    event, chosen, _other, _participant, room_b = workshop_world
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    chosen.event.refresh_from_db()
    agenda.move_session(session=chosen, starts_at=at(event, 15), room=room_b)
    assert emails("session_changed") == []
