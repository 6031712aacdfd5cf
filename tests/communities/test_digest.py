"""The weekly digest: what it lists, to whom, once a week, in the member's language, and leaving it."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation

from communities import services
from communities.models import Article, MembershipStatus, PostStatus, Role, Thread
from communities.tasks import scan_weekly_digests_task
from nmc_portal.models import OutboundEmail
from nmc_portal.templatetags.privacy import mask_email
from tests.factories import UserFactory

from .factories import ArticleFactory, CommunityFactory, MembershipFactory, ThreadFactory, member_of
from .outbox import send_queued

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# Monday 11 January 2027, 13:00 UTC: the beat's hour. The digest covers 4 to 10 January (2027-W01).
RUN = dt.datetime(2027, 1, 11, 8, 0, tzinfo=TORONTO)
IN_WEEK = dt.datetime(2027, 1, 6, 10, 0, tzinfo=TORONTO)


def posted(community, author, title, *, at=IN_WEEK, status=PostStatus.VISIBLE):
    thread = ThreadFactory(community=community, author=author, title=title, status=status)
    Thread.objects.filter(pk=thread.pk).update(created_at=at)
    return thread


def digest_rows():
    return OutboundEmail.objects.filter(kind="community_digest")


@pytest.fixture
def reader(community, private_community):
    user = member_of(community, full_name="Rea Der")
    MembershipFactory(community=private_community, member=user)
    return user


def test_digest_week_is_the_last_full_week_in_portal_time():
    start, end, key = services.digest_week(RUN)
    assert (start, end, key) == (
        dt.datetime(2027, 1, 4, tzinfo=TORONTO),
        dt.datetime(2027, 1, 11, tzinfo=TORONTO),
        "2027-W01",
    )
    sunday_night = dt.datetime(2027, 1, 10, 23, 59, tzinfo=TORONTO)
    assert services.digest_week(sunday_night)[2] == "2026-W53"


def test_digest_lists_new_threads_of_my_communities_with_links(community, private_community, reader):
    other = member_of(community, full_name="Otto Other")
    MembershipFactory(community=private_community, member=other)
    first = posted(community, other, "Hybrid meetings that work")
    second = posted(private_community, other, "Coaching a new supervisor")
    assert services.queue_weekly_digests(now=RUN) == 1  # the other member posted both: nothing new for them
    row = digest_rows().get()
    assert (row.recipient_id, row.object_key, row.language) == (reader.pk, "2027-W01", "en")
    [email] = send_queued()
    assert email.to == [reader.email]
    assert email.subject == "2 new discussions in your communities"
    assert "in the week of January 4, 2027." in email.body
    first_url = f"{settings.SITE_URL}/en/communities/engagement/threads/{first.pk}/"
    assert f"- Hybrid meetings that work (by Otto Other)\n  {first_url}\n" in email.body
    assert f"{settings.SITE_URL}/en/communities/coaching/threads/{second.pk}/" in email.body
    assert email.body.index("Coaching a new supervisor") < email.body.index("Hybrid meetings")  # by community
    html = email.alternatives[0][0]
    assert f'<a href="{first_url}" lang="en" data-typed>Hybrid meetings that work</a>' in html


def test_digest_leaves_out_what_the_member_may_not_see_or_did_not_ask_for(
    community, private_community, reader
):
    other = member_of(community)
    moderator = member_of(community, role=Role.MODERATOR)
    posted(community, other, "Visible one")
    posted(community, other, "Hidden one", status=PostStatus.HIDDEN)
    posted(community, other, "Auto hidden one", status=PostStatus.AUTO_HIDDEN)
    posted(community, other, "Removed one", status=PostStatus.REMOVED)
    posted(community, other, "Last month", at=IN_WEEK - dt.timedelta(days=30))
    posted(community, other, "This week", at=RUN - dt.timedelta(hours=1))
    posted(community, reader, "My own thread")
    posted(CommunityFactory(), other, "Public community I did not join")
    pending = CommunityFactory()
    MembershipFactory(community=pending, member=reader, status=MembershipStatus.PENDING)
    posted(pending, other, "Community I asked to join")
    posted(private_community, member_of(private_community), "From the community I am suspended from")
    services.suspend_member(
        community=private_community, member=reader, moderator=moderator, days=365, reason="Cool down"
    )
    services.queue_weekly_digests(now=RUN)
    body = digest_rows().get(recipient=reader).body_text
    assert "Visible one" in body
    for title in (
        "Hidden one",
        "Auto hidden one",
        "Removed one",
        "Last month",
        "This week",
        "My own thread",
        "Public community I did not join",
        "Community I asked to join",
        "From the community I am suspended from",
    ):
        assert title not in body


def test_digest_skips_members_who_opted_out_are_inactive_or_have_no_news(community):
    author = member_of(community)
    opted_out = member_of(community, community_digest=False)
    inactive = member_of(community, is_active=False)
    wants_it = member_of(community)
    posted(community, author, "Only news")
    services.queue_weekly_digests(now=RUN)
    assert list(digest_rows().values_list("recipient_id", flat=True)) == [wants_it.pk]
    assert opted_out.pk and inactive.pk  # present in the community, yet no digest


def test_no_new_threads_means_no_digest(community, reader):
    assert services.queue_weekly_digests(now=RUN) == 0
    assert digest_rows().count() == 0


def test_digest_task_run_twice_in_a_week_sends_once(community, reader):
    start, _end, week = services.digest_week()
    posted(community, member_of(community), "Once only", at=start + dt.timedelta(days=1))
    scan_weekly_digests_task()
    scan_weekly_digests_task()
    row = digest_rows().get()
    assert (row.recipient_id, row.object_key) == (reader.pk, week)
    assert len(send_queued()) == 1
    scan_weekly_digests_task()
    assert len(send_queued()) == 1
    assert digest_rows().get().status == "sent"


def test_next_week_is_a_new_digest(community, reader):
    author = member_of(community)
    posted(community, author, "Week one")
    posted(community, author, "Week two", at=IN_WEEK + dt.timedelta(days=7))
    services.queue_weekly_digests(now=RUN)
    services.queue_weekly_digests(now=RUN + dt.timedelta(days=7))
    rows = list(digest_rows().filter(recipient=reader).order_by("object_key"))
    assert [row.object_key for row in rows] == ["2027-W01", "2027-W02"]
    assert "Week two" not in rows[0].body_text and "Week one" not in rows[1].body_text


def test_digest_is_in_the_members_language(community):
    reader = member_of(community, preferred_language="fr", full_name="Claire Roy")
    posted(community, member_of(community, full_name="Otto Other"), "Réunions hybrides")
    services.queue_weekly_digests(now=RUN)
    [email] = send_queued()
    assert email.subject == "1 nouvelle discussion dans vos communautés"
    assert "Bonjour Claire," in email.body
    assert "Mobilisation" in email.body
    assert "/fr/communautes/mobilisation/" not in email.body  # slugs stay as they are
    assert f"{settings.SITE_URL}/fr/communautes/engagement/discussions/" in email.body
    token = services.digest_unsubscribe_token(reader)
    with translation.override("fr"):
        unsubscribe = reverse("communities:digest_unsubscribe", kwargs={"token": token})
    assert unsubscribe.startswith("/fr/")
    assert f"{settings.SITE_URL}{unsubscribe}" in email.body


def test_digest_html_escapes_thread_titles(community, reader):
    posted(community, member_of(community), "<script>alert(1)</script>")
    services.queue_weekly_digests(now=RUN)
    html = digest_rows().get().body_html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Unsubscribing without signing in -------------------------------------------------------


def unsubscribe_url(member, language="en"):
    with translation.override(language):
        return reverse(
            "communities:digest_unsubscribe", kwargs={"token": services.digest_unsubscribe_token(member)}
        )


def test_unsubscribe_link_asks_first_then_turns_the_digest_off_without_sign_in(client, reader):
    url = unsubscribe_url(reader)
    page = client.get(url)
    assert page.status_code == 200
    masked = mask_email(reader.email)
    assert masked.startswith(reader.email[0] + "•••") and masked.endswith("@" + reader.email.split("@")[1])
    assert f"Stop sending the weekly digest of new discussions to {masked}?" in page.content.decode()
    assert reader.email not in page.content.decode()  # whoever holds the link does not learn the address
    reader.refresh_from_db()
    assert reader.community_digest is True  # a link checker's GET changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert f"Done: {masked} will no longer receive the weekly digest." in done.content.decode()
    assert reader.email not in done.content.decode()
    reader.refresh_from_db()
    assert (reader.community_digest, reader.notify_replies) == (False, True)


def test_unsubscribed_member_gets_no_more_digests(client, community, reader):
    client.post(unsubscribe_url(reader))
    posted(community, member_of(community), "After leaving the digest")
    services.queue_weekly_digests(now=RUN)
    assert digest_rows().filter(recipient=reader).count() == 0


def test_unsubscribe_page_in_french(client, reader):
    page = client.get(unsubscribe_url(reader, "fr"))
    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="fr"' in content
    assert "Cesser l'envoi du résumé hebdomadaire" in content


@pytest.mark.parametrize(
    "make_token",
    [
        lambda member: services.digest_unsubscribe_token(member)[:-2] + "xx",
        lambda member: signing.dumps(member.pk),  # signed, but for another purpose
        lambda member: signing.dumps(member.pk + 1000, salt="wrong"),
        lambda member: "not-a-token",
    ],
)
def test_unsubscribe_with_tampered_token_answers_400_and_changes_nothing(client, reader, make_token):
    with translation.override("en"):
        url = reverse("communities:digest_unsubscribe", kwargs={"token": make_token(reader)})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This unsubscribe link is incomplete or was changed." in response.content.decode()
    reader.refresh_from_db()
    assert reader.community_digest is True


def test_unsubscribe_token_of_a_deleted_or_deactivated_member_answers_400(client):
    gone = UserFactory.build(pk=987654)  # never saved: as if the account was deleted
    deactivated = UserFactory(is_active=False)
    assert client.get(unsubscribe_url(gone)).status_code == 400
    assert client.post(unsubscribe_url(deactivated)).status_code == 400


def test_digest_email_unsubscribe_link_works(client, community, reader):
    posted(community, member_of(community), "Follow the link")
    services.queue_weekly_digests(now=RUN)
    [email] = send_queued()
    link = next(line.split(" ")[-1] for line in email.body.splitlines() if "Stop the weekly digest" in line)
    path = link.removeprefix(settings.SITE_URL)
    assert client.post(path).status_code == 200
    reader.refresh_from_db()
    assert reader.community_digest is False
    assert mail.outbox[0].to == [reader.email]


# Articles in the digest ---------------------------------------------------------------------


def published(community, author, title, *, at=IN_WEEK, **fields):
    article = ArticleFactory(community=community, author=author, title=title, **fields)
    Article.objects.filter(pk=article.pk).update(published_at=at)
    return article


def test_digest_lists_the_weeks_new_articles_of_my_communities(community, private_community, reader):
    other = member_of(community, full_name="Otto Other")
    MembershipFactory(community=private_community, member=other)
    posted(community, other, "Hybrid meetings that work")
    article = published(community, other, "What I learned about engagement")
    published(private_community, other, "Coaching notes")
    published(community, other, "Still a draft", status="draft", published_at=None)
    published(community, other, "Last month", at=IN_WEEK - dt.timedelta(days=30))
    published(community, reader, "My own article")
    published(None, other, "On its own")
    published(CommunityFactory(), other, "A community I did not join")
    services.queue_weekly_digests(now=RUN)
    [email] = [email for email in send_queued() if email.to == [reader.email]]
    assert email.subject == "3 new discussions and articles in your communities"
    assert "Here are the discussions started and the articles published in your communities" in email.body
    url = f"{settings.SITE_URL}/en/articles/{article.pk}/what-i-learned-about-engagement/"
    assert f"- Article: What I learned about engagement (by Otto Other)\n  {url}\n" in email.body
    assert "Coaching notes" in email.body
    for title in (
        "Still a draft",
        "Last month",
        "My own article",
        "On its own",
        "A community I did not join",
    ):
        assert title not in email.body
    html = email.alternatives[0][0]
    assert f'<a href="{url}" lang="en" data-typed>What I learned about engagement</a>' in html


def test_digest_with_only_articles_in_french(community):
    member_of(community, preferred_language="fr", full_name="Claire Roy")
    article = published(community, member_of(community), "Réunions hybrides", language="fr")
    assert services.queue_weekly_digests(now=RUN) == 1
    [email] = send_queued()
    assert email.subject == "1 nouvel article dans vos communautés"
    assert f"{settings.SITE_URL}/fr/articles/{article.pk}/reunions-hybrides/" in email.body
