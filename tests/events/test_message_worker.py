"""An organizer's message through a real Celery worker: the request enqueues one task, the worker fans it
out into one recorded email per recipient, each in their language, and sends each once, even when the
message's task is delivered twice."""

import uuid

import pytest

from events.models import OrganizerMessage
from events.services import messages as outbox
from events.services import registration as signups
from members.models import User
from nmc_portal.celery import app as celery_app
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory
from tests.portal.celery_processes import Worker, deliveries, per_recipient, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

RECIPIENTS = 30


def test_a_message_sent_through_the_worker_reaches_each_recipient_once_in_their_language(tmp_path):
    celery_app.control.purge()  # messages other tests left in the queue, with no worker to take them
    event = EventFactory(title_en="Pacific Day", title_fr="Journée du Pacifique", capacity=100)
    people = User.objects.bulk_create(
        User(
            email=f"worker{n:02d}@tc.gc.ca",
            full_name=f"Member {n}",
            preferred_language="fr" if n % 3 == 0 else "en",
        )
        for n in range(RECIPIENTS)
    )
    for member in people:
        signups.register(event=event, member=member)
    OutboundEmail.objects.all().delete()  # the registration emails: not what this test follows
    celery_app.control.purge()
    message = outbox.save_message_draft(
        event=event,
        session=None,
        subject_en="Parking",
        subject_fr="Stationnement",
        body_en="Use lot B.",
        body_fr="Utilisez le stationnement B.",
        token=uuid.uuid4(),
        by=None,
    )
    outbox.queue_message(message=message, by=None)  # commits, then enqueues the message's task
    outbox.enqueue_message(message.pk)  # the same task delivered a second time

    emails = OutboundEmail.objects.filter(kind="organizer_message", object_key=message.email_key)
    worker = Worker(tmp_path, name="message").start()
    try:
        assert wait_for(lambda: emails.filter(status="sent").count() == RECIPIENTS, 60)
    finally:
        worker.stop()

    found = per_recipient(deliveries(tmp_path))
    assert {address: len(ids) for address, ids in found.items()} == {m.email: 1 for m in people}
    languages = dict(emails.values_list("recipient_email", "language"))
    assert languages == {m.email: m.preferred_language for m in people}
    assert set(emails.filter(language="fr").values_list("subject", flat=True)) == {
        "[Journée du Pacifique] Stationnement"
    }
    assert OrganizerMessage.objects.get().status == "sent"
