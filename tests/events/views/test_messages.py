"""Organizer pages of messages to participants: write (a draft), preview both languages, test, edit,
send (one task), follow the sending; the messages listed with their counts."""

import datetime as dt
import uuid

import pytest
from django.utils import translation
from django.utils.translation import gettext

from events.models import OrganizerMessage
from events.services import messages as outbox
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, count_queries, page_text

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "other_organizer", "organizer", "admin"]
# name, method, path under /en/events/manage/<slug>/, status for those who may manage
MESSAGE_URLS = [
    ("message", "get", "message/", 200),
    ("message_post", "post", "message/", 400),  # empty form
    ("message_detail", "get", "message/{message}/", 200),
    ("message_edit", "get", "message/{message}/edit/", 200),
    ("message_edit_post", "post", "message/{message}/edit/", 400),  # empty form
    ("message_send", "post", "message/{message}/send/", 302),
    ("message_test", "post", "message/{message}/test/", 302),
]


@pytest.fixture
def world(signups_world):
    return signups_world


def message_post(**overrides):
    data = {
        "audience": "event",
        "subject_en": "Parking",
        "body_en": "Use lot B.",
        "subject_fr": "Stationnement",
        "body_fr": "Utilisez le stationnement B.",
        "token": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def a_draft(event, **fields):
    data = message_post(**fields)
    data.pop("audience")
    data["token"] = uuid.UUID(data["token"])
    return outbox.save_message_draft(event=event, session=None, by=None, **data)


def organizer_emails(kind="organizer_message"):
    return OutboundEmail.objects.filter(kind=kind)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "allowed"), MESSAGE_URLS, ids=[u[0] for u in MESSAGE_URLS]
)
def test_message_url_permission_matrix(client, world, role, name, method, path, allowed):
    if world["users"][role]:
        client.force_login(world["users"][role])
    message = a_draft(world["event"])
    url = f"/en/events/manage/{world['event'].slug}/" + path.format(message=message.pk)
    response = getattr(client, method)(url, {})
    expected = {"visitor": 302, "member": 404, "other_organizer": 404}.get(role, allowed)
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"
    if role in ("member", "other_organizer"):
        assert OrganizerMessage.objects.get().status == "draft"
        assert OutboundEmail.objects.filter(kind__startswith="organizer_message").count() == 0


def test_a_message_of_another_event_is_not_found_under_this_one(client, world):
    other = world["users"]["other_organizer"].organized_events.get()
    theirs = a_draft(other)
    client.force_login(world["users"]["organizer"])
    base = f"/en/events/manage/{world['event'].slug}/message/{theirs.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "send/").status_code == 404
    assert OrganizerMessage.objects.get().status == "draft"


def test_the_form_saves_a_draft_once_and_shows_its_preview_in_both_languages(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    url = f"/en/events/manage/{event.slug}/message/"
    data = message_post()
    first = client.post(url, data)
    second = client.post(url, data)  # a double submission: the same draft
    message = OrganizerMessage.objects.get()
    assert first["Location"] == second["Location"] == f"/en/events/manage/{event.slug}/message/{message.pk}/"
    assert message.status == "draft"
    assert organizer_emails().count() == 0

    html = client.get(first["Location"]).content.decode()
    text = page_text(html)
    assert f"Subject: [{event.title_en}] Parking" in text
    assert f"Subject: [{event.title_fr}] Stationnement" in text
    assert "Use lot B." in text and "Utilisez le stationnement B." in text
    with translation.override("fr"):
        signature = gettext("Sent by the organizers of %(title)s.") % {"title": event.title_fr}
    assert signature in text  # the French email's own words, as the French recipients read them
    assert '<div lang="fr">' in html and '<div lang="en">' in html
    assert '<button type="submit">Send</button>' in html
    assert '<button type="submit" class="button-secondary">Send me a test</button>' in html
    assert f'href="/en/events/manage/{event.slug}/message/{message.pk}/edit/">Edit</a>' in html


def test_send_me_a_test_emails_only_the_organizer_in_their_language(client, world):
    organizer = world["users"]["organizer"]
    organizer.preferred_language = "fr"
    organizer.save()
    client.force_login(organizer)
    message = a_draft(world["event"])
    url = f"/en/events/manage/{world['event'].slug}/message/{message.pk}/test/"
    response = client.post(url, follow=True)
    client.post(url)
    test = OutboundEmail.objects.get(kind="organizer_message_test")
    assert (test.recipient_email, test.language) == (organizer.email, "fr")
    assert test.subject == f"[{world['event'].title_fr}] Stationnement"
    assert f"A test is on its way to {organizer.email}." in page_text(response.content.decode())
    assert organizer_emails().count() == 0
    message.refresh_from_db()
    assert message.status == "draft"


def test_edit_goes_back_to_the_form_with_the_text_kept_and_saves_the_draft(client, world):
    client.force_login(world["users"]["organizer"])
    event, first = world["event"], world["workshops"][0]
    message = a_draft(event)
    url = f"/en/events/manage/{event.slug}/message/{message.pk}/edit/"
    html = client.get(url).content.decode()
    assert 'value="Stationnement"' in html and "Utilisez le stationnement B." in html
    response = client.post(url, message_post(audience=str(first.pk), subject_fr="Stationnement (nouveau)"))
    assert response["Location"] == f"/en/events/manage/{event.slug}/message/{message.pk}/"
    message.refresh_from_db()
    assert (message.subject_fr, message.session, message.status) == (
        "Stationnement (nouveau)",
        first,
        "draft",
    )
    # A missing language: said next to its field, the draft unchanged.
    response = client.post(url, message_post(body_en=""))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["body_en"]
    message.refresh_from_db()
    assert message.body_en == "Use lot B."


def test_send_queues_the_message_once_and_records_no_email_in_the_request(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    signups.register(event=event, member=UserFactory())
    message = a_draft(event)
    url = f"/en/events/manage/{event.slug}/message/{message.pk}/send/"
    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(url, follow=True)
        again = client.post(url, follow=True)
    assert len(enqueued) == 1  # one task, whatever the number of clicks
    assert "Your message is on its way to 2 people." in response.content.decode()
    assert "This message has already been sent: it is sent only once." in again.content.decode()
    message.refresh_from_db()
    assert (message.status, message.recipient_count, message.sent_by) == (
        "queued",
        2,
        world["users"]["organizer"],
    )
    assert organizer_emails().count() == 0
    # Sent, it can no longer be edited.
    edit = client.get(f"/en/events/manage/{event.slug}/message/{message.pk}/edit/", follow=True)
    assert "This message has been sent: it can no longer be changed." in edit.content.decode()


def test_send_costs_the_same_queries_whatever_the_number_of_recipients(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    base = f"/en/events/manage/{event.slug}/message/"
    client.post(base + f"{a_draft(event).pk}/send/")  # warm caches
    few, _response = count_queries(client.post, base + f"{a_draft(event).pk}/send/")
    for _ in range(6):
        signups.register(event=event, member=UserFactory())
    many, _response = count_queries(client.post, base + f"{a_draft(event).pk}/send/")
    assert few == many


def send_through_the_task(event, client, **fields):
    message = a_draft(event, **fields)
    client.post(f"/en/events/manage/{event.slug}/message/{message.pk}/send/")
    outbox.send_message(message_id=message.pk)  # what the worker runs
    message.refresh_from_db()
    return message


def test_each_participant_receives_the_message_once_in_their_language(client, world):
    event = world["event"]
    french = UserFactory(full_name="Benoît Gagnon", preferred_language="fr")
    signups.register(event=event, member=french)
    client.force_login(world["users"]["organizer"])
    message = send_through_the_task(event, client)
    outbox.send_message(message_id=message.pk)  # a task run twice
    emails = {e.recipient_email: e for e in organizer_emails()}
    assert set(emails) == {world["attendee"].email, french.email}
    english, francais = emails[world["attendee"].email], emails[french.email]
    assert (english.language, english.subject) == ("en", f"[{event.title_en}] Parking")
    assert (francais.language, francais.subject) == ("fr", f"[{event.title_fr}] Stationnement")
    assert "Use lot B." in english.body_text and "Utilisez" not in english.body_text
    assert '<div lang="fr" data-typed><p>Utilisez le stationnement B.</p></div>' in francais.body_html


def test_the_progress_page_shows_the_counts_and_htmx_stops_polling_once_over(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    for _ in range(2):
        signups.register(event=event, member=UserFactory())
    message = send_through_the_task(event, client)
    url = f"/en/events/manage/{event.slug}/message/{message.pk}/"
    html = client.get(url).content.decode()
    assert "3 recipients · 3 queued, 0 sent, 0 failed" in page_text(html)
    assert '<progress id="message-progress-bar" max="3" value="0">' in html
    assert f'hx-get="{url}" hx-trigger="every 3s"' in html
    assert 'role="status"' in html
    assert f'<a href="{url}">Refresh the counts</a>' in html  # without JavaScript: reload

    rows = list(organizer_emails().order_by("pk"))
    OutboundEmail.objects.filter(pk=rows[0].pk).update(status="sent")
    OutboundEmail.objects.filter(pk=rows[1].pk).update(status="failed")
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "1 queued, 1 sent, 1 failed" in page_text(partial.content.decode())
    assert "<html" not in partial.content.decode()

    OutboundEmail.objects.filter(pk=rows[2].pk).update(status="sent")
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 286  # htmx: stop polling
    assert "Sending finished" in partial.content.decode()
    html = client.get(url).content.decode()
    assert "hx-trigger" not in html and "Refresh the counts" not in html
    assert '<progress id="message-progress-bar" max="3" value="3">' in html


def test_the_list_shows_each_message_with_its_counts_and_a_link_back_to_it(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    sent = send_through_the_task(event, client)
    OutboundEmail.objects.filter(kind="organizer_message").update(status="sent")
    draft = a_draft(event, subject_en="Lunch", subject_fr="Dîner")
    html = client.get(f"/en/events/manage/{event.slug}/message/").content.decode()
    text = page_text(html)
    assert "Sent · 1 recipient · 0 queued, 1 sent, 0 failed" in text
    assert "Draft: not sent" in text
    for message in (sent, draft):
        assert f'href="/en/events/manage/{event.slug}/message/{message.pk}/"' in html
    french = page_text(client.get(f"/fr/evenements/gerer/{event.slug}/message/").content.decode())
    assert "Envoyé · 1 destinataire · En attente : 0, envoyés : 1, en échec : 0" in french
    assert "Brouillon : pas encore envoyé" in french


def test_sent_messages_show_in_the_readers_language_with_the_fallback_marked(client, world):
    event = world["event"]
    organizer = world["users"]["organizer"]
    a_draft(event)
    # Sent before messages were bilingual: English only.
    welcome = OrganizerMessage.objects.create(
        event=event,
        token=uuid.uuid4(),
        subject_en="Welcome",
        body_en="See you soon.",
        sent_by=organizer,
        status="sent",
    )
    # Sent at 17:05 UTC on 1 December 2029: 9:05 a.m. at the Vancouver venue, said in each language.
    OrganizerMessage.objects.filter(pk=welcome.pk).update(
        created_at=dt.datetime(2029, 12, 1, 17, 5, tzinfo=dt.UTC)
    )
    client.force_login(organizer)
    french = client.get(f"/fr/evenements/gerer/{event.slug}/message/").content.decode()
    assert ">Stationnement</a></h3>" in french
    assert '<div lang="fr" data-typed><p>Utilisez le stationnement B.</p></div>' in french
    assert '><span lang="en">Welcome</span></a></h3>' in french
    assert '<div lang="en" data-typed><p>See you soon.</p></div>' in french
    assert "Parking" not in french
    assert "1er décembre 2029 à 9 h 05 HNP" in page_text(french)
    english = client.get(f"/en/events/manage/{event.slug}/message/").content.decode()
    assert ">Parking</a></h3>" in english and ">Welcome</a></h3>" in english
    assert "Stationnement" not in english
    assert "December 1, 2029, 9:05 a.m. PST" in page_text(english)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("subject_fr", "Write the subject in French: participants who read in French receive it."),
        ("body_fr", "Write the message in French: participants who read in French receive it."),
        ("subject_en", "Write the subject in English: participants who read in English receive it."),
        ("body_en", "Write the message in English: participants who read in English receive it."),
    ],
)
def test_message_without_one_language_is_refused_next_to_that_field_keeping_the_rest(
    client, world, missing, message
):
    client.force_login(world["users"]["organizer"])
    data = message_post(**{missing: ""})
    response = client.post(f"/en/events/manage/{world['event'].slug}/message/", data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [missing]
    html = response.content.decode()
    assert f'<ul class="errorlist error-message" id="id_{missing}_error"><li>{message}</li></ul>' in html
    for name in ("subject_en", "subject_fr"):
        if name != missing:
            assert f'value="{data[name]}"' in html
    for name in ("body_en", "body_fr"):
        if name != missing:
            assert data[name] in html
    assert OrganizerMessage.objects.count() == 0


def test_message_to_one_workshop_names_it_in_the_page_language(client, world):
    event, first = world["event"], world["workshops"][0]
    client.force_login(world["users"]["organizer"])
    html = client.get(f"/fr/evenements/gerer/{event.slug}/message/").content.decode()
    with translation.override("fr"):
        label = gettext("Participants of “%(title)s”") % {"title": "Stratégie"}
    assert f'<option value="{first.pk}">{label}</option>' in html
    assert "Strategy" not in html


def test_message_text_is_escaped_in_the_list_the_preview_and_the_email(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    evil = "<script>alert(1)</script>"
    message = send_through_the_task(
        event, client, subject_en=evil, body_en=evil, subject_fr=evil, body_fr=evil
    )
    draft = a_draft(event, subject_en=evil, body_en=evil, subject_fr=evil, body_fr=evil)
    for url in ("", f"{message.pk}/", f"{draft.pk}/"):
        html = client.get(f"/en/events/manage/{event.slug}/message/{url}").content.decode()
        assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert evil not in OutboundEmail.objects.get(kind="organizer_message").body_html


def test_the_list_and_progress_pages_queries_do_not_grow_with_messages_or_recipients(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    message = send_through_the_task(event, client)

    def more_messages():
        for _ in range(3):
            send_through_the_task(event, client)
            a_draft(event)

    def more_recipients():
        for _ in range(4):
            signups.register(event=event, member=UserFactory())
        outbox.send_message(message_id=message.pk)

    base = f"/en/events/manage/{event.slug}/message/"
    assert_constant_queries(client, base, more_messages)
    assert_constant_queries(client, base + f"{message.pk}/", more_recipients)
