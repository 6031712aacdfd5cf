"""Article pages: who sees what (403/404), escaping, forms with errors next to fields, double submits,
visits counted once a day per reader, Atom feeds, and query counts that do not grow with the data."""

import uuid
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser

from communities import services
from communities.models import Article, ArticleComment, ArticleStatus, ModerationLog, Report, Role
from communities.rules import readable_articles
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

from .factories import ArticleCommentFactory, ArticleFactory, member_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def page(response):
    return response.content.decode()


def form_data(**fields):
    return {"title": "Hybrid teams", "body": "We meet **weekly**.", "language": "en", "tags": "", **fields}


# Reading -------------------------------------------------------------------------------------


def test_article_page_shows_title_author_tags_visits_and_comments(client, community, author):
    article = ArticleFactory(community=community, author=author, title="Hybrid teams", visit_count=720)
    article.tags.set(["engagement", "hybrid work"])
    ArticleCommentFactory(article=article, author=UserFactory(full_name="Cam Menter"), body="So *true*")
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Firefox/128.0")
    html = page(response)
    assert response.status_code == 200
    assert '<h1 lang="en">Hybrid teams</h1>' in html
    assert "By Ada Author" in html
    assert "Visited 721 times" in html
    assert '<a href="/en/articles/?tag=hybrid-work" class="tag">hybrid work</a>' in html
    assert "<em>true</em>" in html and "Cam Menter" in html
    assert "Sign in to comment." in html


def test_french_page_marks_an_english_article_and_says_consulte(client, community, author):
    article = ArticleFactory(community=community, author=author, title="Hybrid teams", visit_count=720)
    html = page(client.get(f"/fr/articles/{article.pk}/{article.slug}/", HTTP_USER_AGENT="Mozilla/5.0"))
    assert '<h1 lang="en">Hybrid teams</h1>' in html
    assert '<div class="post-body article-body" lang="en">' in html
    assert "Consulté 721 fois" in html


def test_closed_comments_say_so_and_refuse_a_new_one_with_403_and_the_reason(client, community, author):
    article = ArticleFactory(community=community, author=author, comments_closed=True)
    reader = member_of(community)
    client.force_login(reader)
    html = page(client.get(article.get_absolute_url()))
    assert "Comments are closed." in html and "Post my comment" not in html
    response = client.post(f"/en/articles/{article.pk}/comments/new/", {"body": "Late", "language": "en"})
    assert response.status_code == 403
    assert "Comments are closed." in page(response)
    assert ArticleComment.objects.count() == 0
    html = page(client.get(f"/fr/articles/{article.pk}/{article.slug}/"))
    assert "Les commentaires sont fermés." in html


def test_draft_is_404_for_everyone_but_its_author(client, community, author, moderator, admin_user):
    draft = ArticleFactory(community=community, author=author, status=ArticleStatus.DRAFT)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    for viewer in (member_of(community), moderator, admin_user):
        client.force_login(viewer)
        assert client.get(url).status_code == 404
        assert client.get(f"/en/articles/{draft.pk}/edit/").status_code == 404
    client.force_login(author)
    html = page(client.get(url))
    assert "Draft: only you can see this article." in html and "Visited" not in html


def test_members_only_community_article_is_404_to_outsiders(client, private_community):
    insider = member_of(private_community)
    article = ArticleFactory(community=private_community, author=insider)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert article.title not in page(client.get("/en/articles/"))
    client.force_login(insider)
    assert client.get(url).status_code == 200
    assert article.title in page(client.get("/en/articles/"))


def test_wrong_person_gets_403_on_edit_and_publish(client, community, author):
    article = ArticleFactory(community=community, author=author, title="Mine")
    other = member_of(community)
    client.force_login(other)
    response = client.get(f"/en/articles/{article.pk}/edit/")
    assert response.status_code == 403
    assert "Only its author can change this article." in page(response)
    response = client.post(f"/en/articles/{article.pk}/publish/", {"publish": "0"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED
    response = client.post(f"/en/articles/{article.pk}/comments/close/", {"closed": "1"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).comments_closed is False


def test_visitor_is_sent_to_sign_in_to_write(client):
    response = client.get("/en/articles/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_title_and_comment_are_escaped_and_markdown_sanitized(client, community, author):
    article = ArticleFactory(
        community=community,
        author=author,
        title="<script>alert('t')</script>",
        body="Hi <img src=x onerror=alert(1)> [x](javascript:alert(2))",
    )
    ArticleCommentFactory(article=article, body="<script>alert('c')</script> **ok**")
    html = page(client.get(article.get_absolute_url()))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html
    assert "onerror" not in html and "javascript:" not in html
    assert "<strong>ok</strong>" in html
    listing = page(client.get("/en/articles/"))
    assert "<script>alert" not in listing and "&lt;script&gt;" in listing


def test_wrong_slug_redirects_to_the_article(client):
    article = ArticleFactory(title="Hybrid teams")
    response = client.get(f"/en/articles/{article.pk}/old-title/")
    assert (response.status_code, response["Location"]) == (301, f"/en/articles/{article.pk}/hybrid-teams/")


# Writing -------------------------------------------------------------------------------------


def test_member_writes_a_draft_in_a_community_then_publishes_it(client, community, author):
    client.force_login(author)
    response = client.post(
        "/en/articles/new/",
        form_data(title="Hybrid teams", tags="engagement, hybrid work", community="engagement"),
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/articles/{article.pk}/hybrid-teams/"
    assert (article.author, article.community, article.status) == (author, community, ArticleStatus.DRAFT)
    assert sorted(article.tags.names()) == ["engagement", "hybrid work"]
    response = client.post(f"/en/articles/{article.pk}/publish/", {"publish": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at is not None) == (ArticleStatus.PUBLISHED, True)
    assert "Hybrid teams" in page(client.get("/en/communities/engagement/"))


def test_double_submit_creates_one_article_and_one_comment(client, community, author):
    client.force_login(author)
    html = page(client.get("/en/articles/new/"))
    token = html.split('name="submission" value="')[1].split('"')[0]
    first = client.post("/en/articles/new/", form_data(submission=token))
    second = client.post("/en/articles/new/", form_data(submission=token))
    assert Article.objects.count() == 1
    assert first["Location"] == second["Location"]

    article = ArticleFactory(community=community, author=author)
    reader = member_of(community)
    client.force_login(reader)
    html = page(client.get(article.get_absolute_url()))
    token = html.split('name="submission" value="')[1].split('"')[0]
    data = {"body": "Thanks", "language": "en", "submission": token}
    first = client.post(f"/en/articles/{article.pk}/comments/new/", data)
    second = client.post(f"/en/articles/{article.pk}/comments/new/", data)
    assert ArticleComment.objects.filter(article=article).count() == 1
    assert first["Location"] == second["Location"]
    assert Article.objects.get(pk=article.pk).comment_count == 1


def test_empty_title_and_long_tag_are_refused_next_to_their_fields(client, author):
    client.force_login(author)
    response = client.post("/en/articles/new/", form_data(title="  ", tags="ok, " + "x" * 101))
    html = page(response)
    assert response.status_code == 400
    assert Article.objects.count() == 0
    assert 'id="id_title_error"' in html and "This field is required." in html
    assert 'id="id_tags_error"' in html and "A tag can be at most 100 characters long" in html
    assert "We meet **weekly**." in html  # what was typed is kept


def test_community_the_author_does_not_belong_to_is_not_a_choice(client, private_community, author):
    client.force_login(author)
    response = client.post("/en/articles/new/", form_data(community="coaching"))
    assert response.status_code == 400
    assert 'id="id_community_error"' in page(response)
    assert Article.objects.count() == 0


def test_author_closes_comments_from_the_article_page(client, community, author):
    article = ArticleFactory(community=community, author=author)
    client.force_login(author)
    response = client.post(f"/en/articles/{article.pk}/comments/close/", {"closed": "1"})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).comments_closed is True
    assert "Reopen the comments" in page(client.get(article.get_absolute_url()))


def test_moderator_closes_comments_with_a_reason_on_its_page(client, community, author, moderator):
    article = ArticleFactory(community=community, author=author)
    client.force_login(moderator)
    response = client.post(f"/en/articles/{article.pk}/comments/close/", {"closed": "1", "reason": ""})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in page(response)
    response = client.post(
        f"/en/articles/{article.pk}/comments/close/", {"closed": "1", "reason": "Off topic"}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).comments_closed is True


# Reports and moderation ---------------------------------------------------------------------


def test_member_reports_a_comment_and_the_moderator_hides_it_from_the_queue(
    client, community, author, moderator
):
    article = ArticleFactory(community=community, author=author, title="Coaching notes")
    comment = ArticleCommentFactory(article=article, body="Buy my course")
    reporter = member_of(community)
    client.force_login(reporter)
    response = client.post(f"/en/articles/comments/{comment.pk}/report/", {"reason": "other", "text": ""})
    assert response.status_code == 400 and 'id="id_text_error"' in page(response)
    response = client.post(f"/en/articles/comments/{comment.pk}/report/", {"reason": "spam", "text": ""})
    assert response.status_code == 302
    assert Report.objects.get().comment == comment
    assert "You reported this post." in page(client.get(article.get_absolute_url()))

    assert client.get(f"/en/articles/comments/{comment.pk}/moderate/").status_code == 404
    client.force_login(moderator)
    queue = page(client.get("/en/communities/engagement/moderation/"))
    assert "Comment on the article “Coaching notes”" in queue
    assert f'action="/en/articles/comments/{comment.pk}/moderate/"' in queue
    prefix = f"comment-{comment.pk}"
    response = client.post(
        f"/en/articles/comments/{comment.pk}/moderate/",
        {f"{prefix}-action": "hide", f"{prefix}-reason": "Advertising"},
    )
    assert (response.status_code, response["Location"]) == (302, "/en/communities/engagement/moderation/")
    comment.refresh_from_db()
    assert comment.status == "hidden"
    client.force_login(reporter)
    html = page(client.get(article.get_absolute_url()))
    assert "Buy my course" not in html and "This post was hidden by a moderator." in html


def test_admins_queue_lists_reported_comments_on_articles_on_their_own(client, admin_user, community):
    comment = ArticleCommentFactory(article=ArticleFactory(title="Open letter"))
    services.report_item(item=comment, reporter=UserFactory(), reason="spam")
    client.force_login(member_of(community, role=Role.MODERATOR))
    assert client.get("/en/articles/moderation/").status_code == 404
    client.force_login(admin_user)
    html = page(client.get("/en/articles/moderation/"))
    assert "Comment on the article “Open letter”" in html
    assert 'value="suspend"' not in html
    prefix = f"comment-{comment.pk}"
    data = {f"{prefix}-action": "remove", f"{prefix}-reason": "Spam", f"{prefix}-submission": uuid.uuid4()}
    response = client.post(f"/en/articles/comments/{comment.pk}/moderate/", data)
    html = page(response)
    assert "<h1>Remove this comment?</h1>" in html
    assert '<a href="/en/articles/moderation/">Cancel</a>' in html
    assert ArticleComment.objects.get(pk=comment.pk).status == "visible"
    responses = [
        client.post(f"/en/articles/comments/{comment.pk}/moderate/", {**data, "confirmed": "yes"})
        for _ in range(2)
    ]
    assert [r["Location"] for r in responses] == ["/en/articles/moderation/"] * 2
    assert ArticleComment.objects.get(pk=comment.pk).status == "removed"
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["remove"]
    assert "Comment on the article “Open letter”" in page(client.get("/en/communities/moderation-log/"))


# Visits --------------------------------------------------------------------------------------


def test_the_same_reader_counts_once_another_reader_counts_too(client, django_user_model):
    article = ArticleFactory()
    url = article.get_absolute_url()
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/120.0"}
    first = client.get(url, **browser)
    assert "nmc_reader" in first.cookies
    client.get(url, **browser)
    client.get(url, **browser)
    assert Article.objects.get(pk=article.pk).visit_count == 1
    client.cookies.clear()
    client.get(url, **browser)
    assert Article.objects.get(pk=article.pk).visit_count == 2
    client.cookies.clear()
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1")
    assert Article.objects.get(pk=article.pk).visit_count == 2


def test_a_signed_in_reader_counts_once_by_session_and_the_author_not_at_all(client):
    article = ArticleFactory()
    client.force_login(UserFactory())
    client.get(article.get_absolute_url())
    html = page(client.get(article.get_absolute_url()))
    assert Article.objects.get(pk=article.pk).visit_count == 1
    assert "Visited 1 time" in html
    client.force_login(article.author)
    client.get(article.get_absolute_url())
    assert Article.objects.get(pk=article.pk).visit_count == 1


# Lists, profile, feeds and query counts -------------------------------------------------------------


def test_list_is_newest_first_and_filters_by_tag_and_community(client, community):
    old = ArticleFactory(title="Old one", community=community)
    Article.objects.filter(pk=old.pk).update(published_at=old.published_at.replace(year=2020))
    new = ArticleFactory(title="New one")
    new.tags.set(["coaching"])
    ArticleFactory(title="Not yet", status=ArticleStatus.DRAFT)
    html = page(client.get("/en/articles/"))
    assert html.index("New one") < html.index("Old one") and "Not yet" not in html
    html = page(client.get("/en/articles/?tag=coaching"))
    assert "New one" in html and "Old one" not in html and "Articles tagged “coaching”" in html
    html = page(client.get("/en/articles/?community=engagement"))
    assert "Old one" in html and "New one" not in html
    assert client.get("/en/articles/?community=nowhere").status_code == 404
    assert 'rel="alternate" type="application/atom+xml" href="/en/articles/feed/"' in html


def test_article_list_queries_constant(client, community):
    ArticleFactory(community=community).tags.set(["a"])
    client.force_login(member_of(community))

    def grow():
        for number in range(8):
            article = ArticleFactory(community=community if number % 2 else None, author=member_of(community))
            article.tags.set([f"tag {number}", "shared"])

    assert_constant_queries(client, "/en/articles/", grow)


def test_article_page_queries_constant_in_comments(client, community, author):
    article = ArticleFactory(community=community, author=author)
    ArticleCommentFactory(article=article)
    client.force_login(member_of(community))

    def grow():
        for _ in range(8):
            ArticleCommentFactory(article=article, author=member_of(community))

    assert_constant_queries(client, article.get_absolute_url(), grow)


def test_community_page_lists_its_articles_with_a_feed_link(client, community, private_community):
    ArticleFactory(community=community, title="Engagement notes")
    html = page(client.get("/en/communities/engagement/"))
    assert "Engagement notes" in html
    assert 'href="/en/articles/feed/engagement/"' in html
    private = ArticleFactory(community=private_community, title="Coaching secrets")
    html = page(client.get("/en/communities/coaching/"))
    assert private.title not in html
    assert "The articles of this community are visible to its members only." in html


def test_profile_lists_the_members_published_articles_the_viewer_may_read(client, private_community):
    writer = member_of(private_community, directory_visible=True)
    ArticleFactory(author=writer, title="On my own")
    ArticleFactory(author=writer, community=private_community, title="For coaches")
    ArticleFactory(author=writer, status=ArticleStatus.DRAFT, title="Secret draft")
    client.force_login(UserFactory())
    html = page(client.get(f"/en/directory/{writer.pk}/"))
    assert "On my own" in html and "For coaches" not in html and "Secret draft" not in html
    client.force_login(member_of(private_community))
    html = page(client.get(f"/en/directory/{writer.pk}/"))
    assert "On my own" in html and "For coaches" in html and "Secret draft" not in html


def parse_feed(response):
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def test_portal_feed_is_valid_atom_with_only_what_a_visitor_may_read(client, community, private_community):
    visible = ArticleFactory(title="For everyone", community=community)
    visible.tags.set(["engagement"])
    ArticleFactory(title="On its own")
    ArticleFactory(title="Members only", community=private_community)
    ArticleFactory(title="A draft", status=ArticleStatus.DRAFT)
    client.force_login(member_of(private_community))  # a signed-in reader changes nothing in a feed
    feed = parse_feed(client.get("/en/articles/feed/"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "en"
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["For everyone", "On its own"]
    assert set(titles) == set(readable_articles(AnonymousUser()).values_list("title", flat=True))
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text == "For everyone")
    assert (
        entry.find(f"{ATOM}link").attrib["href"]
        == f"http://testserver/en/articles/{visible.pk}/for-everyone/"
    )
    assert entry.find(f"{ATOM}category").attrib["term"] == "engagement"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == visible.author.get_full_name()
    french = parse_feed(client.get("/fr/articles/fil/"))
    assert french.find(f"{ATOM}title").text == "Articles – Portail de la CNG"
    link = french.find(f"{ATOM}entry/{ATOM}link").attrib["href"]
    assert link.startswith("http://testserver/fr/articles/")


def test_community_feed_lists_its_articles_and_members_only_communities_have_none(
    client, community, private_community
):
    ArticleFactory(title="Ours", community=community)
    ArticleFactory(title="Elsewhere")
    feed = parse_feed(client.get("/en/articles/feed/engagement/"))
    assert [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")] == ["Ours"]
    ArticleFactory(community=private_community)
    client.force_login(member_of(private_community))
    assert client.get("/en/articles/feed/coaching/").status_code == 404


@pytest.mark.parametrize("url", ["/en/articles/feed/", "/en/articles/feed/engagement/"])
def test_feed_queries_constant(client, community, url):
    ArticleFactory(community=community).tags.set(["a"])

    def grow():
        for number in range(8):
            ArticleFactory(community=community).tags.set([f"tag {number}", "b"])

    assert_constant_queries(client, url, grow)


def test_community_page_and_profile_queries_constant_in_articles(client, community):
    writer = member_of(community, directory_visible=True)
    ArticleFactory(community=community, author=writer).tags.set(["a"])
    client.force_login(member_of(community))

    def grow():
        for number in range(6):
            ArticleFactory(community=community, author=writer).tags.set([f"tag {number}"])
            ArticleCommentFactory(article=ArticleFactory(community=community, author=writer))

    assert_constant_queries(client, "/en/communities/engagement/", grow)
    assert_constant_queries(client, f"/en/directory/{writer.pk}/", grow)
