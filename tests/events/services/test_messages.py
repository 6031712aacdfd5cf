"""Organizers' messages: a draft until sent, a test to the organizer apart, one task that records one
email per recipient in their language, in batches, and sends nothing twice when run again."""

import uuid

import pytest
from django.utils import timezone

from events.models import OrganizerMessage
from events.queries.messages import delivery_of
from events.services import messages as outbox
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def draft(event, session=None, **fields):
    return outbox.save_message_draft(
        event=event,
        session=session,
        subject_en="Parking",
        subject_fr="Stationnement",
        body_en="Use lot B.",
        body_fr="Utilisez le stationnement B.",
        token=fields.pop("token", uuid.uuid4()),
        by=fields.pop("by", None),
    )


def registered(event, language="en", count=1):
    members = [UserFactory(preferred_language=language) for _ in range(count)]
    return [signups.register(event=event, member=m) for m in members]


def sent_emails(message):
    return OutboundEmail.objects.filter(
        kind="organizer_message", object_key=f"organizer-message:{message.pk}"
    )


def test_a_draft_is_saved_once_per_form_token_and_sends_nothing():
    event = EventFactory()
    registered(event, count=2)
    token = uuid.uuid4()
    first, second = draft(event, token=token), draft(event, token=token)
    assert first.pk == second.pk
    assert OrganizerMessage.objects.get().status == "draft"
    assert OutboundEmail.objects.filter(kind__startswith="organizer_message").count() == 0
    # The task never sends a draft.
    assert outbox.send_message(message_id=first.pk) == 0
    assert OutboundEmail.objects.filter(kind__startswith="organizer_message").count() == 0


def test_the_task_records_one_email_per_recipient_in_their_language_and_twice_sends_nothing_more(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title_en="Pacific Day", title_fr="Journée du Pacifique")
    registered(event, "en", 3)
    registered(event, "fr", 2)
    message = draft(event)
    outbox.queue_message(message=message, by=None)
    with django_capture_on_commit_callbacks() as enqueued:
        assert outbox.send_message(message_id=message.pk, batch_size=2) == 5
    assert len(enqueued) == 5  # one send task per email, after its batch commits
    emails = sent_emails(message)
    assert (
        sorted(emails.values_list("language", "subject"))
        == [("en", "[Pacific Day] Parking")] * 3 + [("fr", "[Journée du Pacifique] Stationnement")] * 2
    )
    assert all("Utilisez le stationnement B." in e.body_text for e in emails.filter(language="fr"))
    message.refresh_from_db()
    assert (message.status, message.recipient_count) == ("sent", 5)

    # A retried or duplicated task: every row is found, nothing new is recorded or enqueued.
    with django_capture_on_commit_callbacks() as again:
        outbox.send_message(message_id=message.pk, batch_size=2)
    assert again == [] and emails.count() == 5


def test_a_workshop_message_reaches_only_its_participants():
    event = EventFactory()
    first = workshop(event, 13)
    inside, _outside = registered(event, count=2)
    signups.choose_workshops(registration=inside, sessions=[first])
    message = draft(event, session=first)
    outbox.queue_message(message=message, by=None)
    outbox.send_message(message_id=message.pk)
    assert list(sent_emails(message).values_list("recipient", flat=True)) == [inside.user_id]


def test_queueing_is_once_and_its_queries_do_not_grow_with_recipients(django_capture_on_commit_callbacks):
    event = EventFactory()
    registered(event, count=2)
    small = draft(event)
    with django_capture_on_commit_callbacks() as enqueued:
        few, (message, queued) = count_queries(outbox.queue_message, message=small, by=None)
    assert queued and message.status == "queued" and message.recipient_count == 2
    assert len(enqueued) == 1
    with django_capture_on_commit_callbacks() as twice:
        _message, queued = outbox.queue_message(message=small, by=None)
    assert not queued and twice == []

    registered(event, count=20)
    with django_capture_on_commit_callbacks():
        many, (message, _queued) = count_queries(outbox.queue_message, message=draft(event), by=None)
    assert few == many and message.recipient_count == 22
    assert (
        OutboundEmail.objects.filter(kind__startswith="organizer_message").count() == 0
    )  # the request records no email: the task does


def test_a_test_email_goes_to_the_organizer_alone_in_their_language_and_counts_for_nothing():
    event = EventFactory(title_fr="Journée du Pacifique")
    registered(event, count=2)
    organizer = UserFactory(preferred_language="fr")
    message = draft(event)
    email = outbox.send_test_message(message=message, to=organizer)
    again = outbox.send_test_message(message=message, to=organizer)
    assert again.pk == email.pk  # a double click is one test
    assert (email.kind, email.recipient_email, email.language) == (
        "organizer_message_test",
        organizer.email,
        "fr",
    )
    assert email.subject == "[Journée du Pacifique] Stationnement"
    assert delivery_of([message])[message.pk].sent == 0 and sent_emails(message).count() == 0

    # Edited, the text gets a new test.
    outbox.edit_message_draft(
        message=message,
        session=None,
        subject_en="Parking",
        subject_fr="Stationnement (corrigé)",
        body_en="Use lot B.",
        body_fr="Utilisez le stationnement B.",
        by=organizer,
    )
    message.refresh_from_db()
    outbox.send_test_message(message=message, to=organizer)
    assert OutboundEmail.objects.filter(kind="organizer_message_test").count() == 2


def test_a_queued_message_can_no_longer_be_edited():
    event = EventFactory()
    message = draft(event)
    outbox.queue_message(message=message, by=None)
    with pytest.raises(outbox.DomainError):
        outbox.edit_message_draft(
            message=message, session=None, subject_en="X", subject_fr="X", body_en="X", body_fr="X", by=None
        )
    assert OrganizerMessage.objects.get().subject_en == "Parking"


def test_delivery_counts_queued_sent_and_failed_for_every_message_in_one_query():
    event = EventFactory()
    registered(event, count=3)
    one, two, _still_draft = draft(event), draft(event), draft(event)
    for message in (one, two):
        outbox.queue_message(message=message, by=None)
    outbox.send_message(message_id=one.pk)
    rows = list(sent_emails(one).order_by("pk"))
    OutboundEmail.objects.filter(pk=rows[0].pk).update(status="sent")
    OutboundEmail.objects.filter(pk=rows[1].pk).update(status="failed")
    messages = list(OrganizerMessage.objects.order_by("pk"))
    queries, delivery = count_queries(delivery_of, messages)
    assert queries == 1
    assert [(d.total, d.queued, d.sent, d.failed) for d in delivery.values()] == [
        (3, 1, 1, 1),
        (3, 3, 0, 0),  # queued: its task has not run yet
        (0, 0, 0, 0),
    ]


def test_the_sweep_enqueues_again_only_the_messages_whose_task_was_lost(django_capture_on_commit_callbacks):
    event = EventFactory()
    registered(event, count=2)
    lost, fresh, done = draft(event), draft(event), draft(event)
    for message in (lost, fresh, done):
        outbox.queue_message(message=message, by=None)
    outbox.send_message(message_id=done.pk)
    later = timezone.now() + outbox.STALLED_AFTER
    OrganizerMessage.objects.filter(pk=fresh.pk).update(queued_at=later)
    assert outbox.resume_stalled_messages(now=later) == 1  # `lost` only
    assert outbox.resume_stalled_messages(now=later) == 0  # leased: not every tick
    assert OrganizerMessage.objects.get(pk=lost.pk).queued_at == later
    # Its task, once run, records the emails it never recorded.
    outbox.send_message(message_id=lost.pk)
    assert sent_emails(lost).count() == 2
