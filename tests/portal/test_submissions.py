"""Create forms create once: a double click or twenty parallel submits of one form make one row.

Real concurrency: each submit is a request in its own thread, with its own PostgreSQL connection.
"""

import datetime as dt
import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from communities.models import Thread
from events.models import Event
from nmc_portal.models import FormSubmission
from nmc_portal.submissions import forget_old_submissions
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory
from tests.events.views.test_builder import event_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 12


def post_in_parallel(user, path, data_for):
    """POST `data_for(n)` to `path` from PARALLEL signed-in clients at the same moment."""
    clients = []
    for _n in range(PARALLEL):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(PARALLEL)
    answers = [None] * PARALLEL

    def send(n):
        barrier.wait()
        try:
            response = clients[n].post(path, data_for(n))
            answers[n] = (response.status_code, response.get("Location"))
        except Exception as error:  # noqa: BLE001 (reported as the test's failure)
            answers[n] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def token_of(client, path):
    """The one-time token of the form as the page renders it."""
    html = client.get(path).content.decode()
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', html).group(1)


def test_parallel_submits_of_one_new_thread_form_make_one_thread():
    community = CommunityFactory(slug="engagement")
    author = member_of(community)
    client = Client()
    client.force_login(author)
    path = "/en/communities/engagement/threads/new/"
    data = {"title": "Onboarding in a hybrid team", "body": "What works?", "language": "en"}
    data["submission"] = token_of(client, path)
    answers = post_in_parallel(author, path, lambda n: data)
    thread = Thread.objects.get()
    assert answers == [(302, thread.get_absolute_url())] * PARALLEL


def test_parallel_submits_of_one_new_event_form_make_one_draft():
    organizer = UserFactory()
    EventFactory(organizers=[organizer])  # organizers of an event may create events
    client = Client()
    client.force_login(organizer)
    data = event_post(title_en="Atlantic learning day", submission=token_of(client, "/en/events/manage/new/"))
    answers = post_in_parallel(organizer, "/en/events/manage/new/", lambda n: data)
    created = Event.objects.get(title_en="Atlantic learning day")
    assert answers == [(302, f"/en/events/manage/{created.slug}/")] * PARALLEL


def test_double_clicks_on_copy_make_one_copy_and_two_forms_make_two_with_their_own_addresses():
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer], title_en="Pacific day", start_date=dt.date(2030, 1, 15),
                         end_date=dt.date(2030, 1, 15))  # fmt: skip
    path = f"/en/events/manage/{event.slug}/copy/"
    tokens = [str(uuid.uuid4()), str(uuid.uuid4())]
    answers = post_in_parallel(
        organizer, path, lambda n: {"new_start": "2031-01-14", "submission": tokens[n % 2]}
    )
    copies = Event.objects.filter(copied_from=event).order_by("slug")
    assert [copy.slug for copy in copies] == ["pacific-day-2031", "pacific-day-2031-2"]
    assert sorted(set(answers)) == sorted((302, f"/en/events/manage/{copy.slug}/") for copy in copies)


def test_a_refused_submission_keeps_no_token_and_the_same_form_can_be_sent_again():
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    event.rooms.create(name_en="Hall", capacity=40)
    client = Client()
    client.force_login(organizer)
    path = f"/en/events/manage/{event.slug}/rooms/new/"
    token = token_of(client, path)
    refused = client.post(path, {"name_en": "hall", "capacity": "40", "submission": token})
    assert refused.status_code == 400  # the service refused: a room of that name exists
    assert FormSubmission.objects.count() == 0
    accepted = client.post(path, {"name_en": "Room B", "capacity": "40", "submission": token})
    assert accepted.status_code == 302
    assert sorted(event.rooms.values_list("name_en", flat=True)) == ["Hall", "Room B"]


def test_someone_elses_token_creates_nothing_for_them():
    community = CommunityFactory(slug="engagement")
    first, second = member_of(community), member_of(community)
    token = str(uuid.uuid4())
    data = {"title": "Mine", "body": "Text", "language": "en", "submission": token}
    path = "/en/communities/engagement/threads/new/"
    for member in (first, second):
        client = Client(raise_request_exception=False)
        client.force_login(member)
        client.post(path, data)
    assert list(Thread.objects.values_list("author_id", flat=True)) == [first.pk]


def test_the_token_is_a_hidden_field_with_no_label():
    community = CommunityFactory(slug="engagement")
    client = Client()
    client.force_login(member_of(community))
    html = client.get("/en/communities/engagement/threads/new/").content.decode()
    assert re.search(r'<input type="hidden" name="submission" value="[0-9a-f-]{36}"', html)
    assert "Submission" not in html


def test_old_tokens_are_forgotten():
    user = UserFactory()
    old = FormSubmission.objects.create(token=uuid.uuid4(), user=user)
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    recent = FormSubmission.objects.create(token=uuid.uuid4(), user=user)
    assert forget_old_submissions() == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == [recent.token]
