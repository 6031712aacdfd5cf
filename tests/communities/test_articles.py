"""Articles: writing, publishing, comments (closed ones refuse), visits once a day, moderation, export."""

import datetime as dt
import re
import uuid

import pytest
import rules
from django.core.cache import cache

from communities import queries, services
from communities.models import (
    Action,
    Article,
    ArticleComment,
    ArticleStatus,
    ModerationLog,
    PostStatus,
    Report,
    ReportReason,
    Role,
)
from members.services import export_member_data
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail
from tests.factories import UserFactory

from .factories import ArticleCommentFactory, ArticleFactory, member_of

pytestmark = pytest.mark.django_db


def write(author, community=None, **fields):
    data = {"title": "Hybrid teams", "body": "We meet **weekly**.", "language": "en", "tags": ["hybrid"]}
    return services.write_article(author=author, community=community, **{**data, **fields})


# Writing and publishing -----------------------------------------------------------------------


def test_write_article_saves_a_draft_with_sanitized_html_tags_and_search_text(community, author):
    article = write(
        author,
        community,
        title="  Équipes hybrides  ",
        body="Bonjour <script>alert(1)</script>[x](javascript:alert(2)) **gras**",
        language="fr",
        tags=["Mobilisation", "télétravail"],
    )
    article.refresh_from_db()
    assert (article.status, article.published_at, article.title, article.slug) == (
        ArticleStatus.DRAFT,
        None,
        "Équipes hybrides",
        "equipes-hybrides",
    )
    assert "<script" not in article.body_html and "javascript:" not in article.body_html
    assert "<strong>gras</strong>" in article.body_html
    assert sorted(article.tags.names()) == ["Mobilisation", "télétravail"]
    assert (article.search_titles, article.search_text_en) == (
        "Equipes hybrides\nMobilisation teletravail",
        "",
    )
    assert article.search_text_fr.startswith("Bonjour")
    assert Article.objects.filter(pk=article.pk, search_vector__isnull=False).exists()


def test_write_article_in_a_community_needs_an_active_membership(community, private_community, author):
    with pytest.raises(DomainError, match="Join this community"):
        write(author, private_community)
    moderator = member_of(community, role=Role.MODERATOR)
    services.suspend_member(community=community, member=author, moderator=moderator, days=3, reason="Spam")
    with pytest.raises(DomainError, match="suspended"):
        write(author, community)
    assert Article.objects.count() == 0
    assert write(UserFactory()).community is None  # on its own: any member


def test_write_article_refuses_an_empty_title_next_to_the_field(author):
    with pytest.raises(DomainError) as error:
        write(author, title="   ")
    assert error.value.field == "title"


def test_publish_then_unpublish_keeps_the_first_publication_date(author):
    article = write(author)
    published = services.publish_article(article=article, author=author)
    first = published.published_at
    assert (published.status, first is not None) == (ArticleStatus.PUBLISHED, True)
    draft = services.publish_article(article=article, author=author, publish=False)
    assert (draft.status, draft.published_at) == (ArticleStatus.DRAFT, first)
    assert services.publish_article(article=article, author=author).published_at == first


def test_only_the_author_publishes_or_edits(community, author):
    article = write(author, community)
    other = member_of(community)
    with pytest.raises(DomainError, match="Only its author"):
        services.publish_article(article=article, author=other)
    with pytest.raises(DomainError, match="Only its author"):
        services.edit_article(article=article, editor=other, title="Mine", body="x", language="en")
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT
    assert not rules.has_perm("communities.edit_article", other, article)
    assert rules.has_perm("communities.edit_article", author, article)


def test_edit_article_moves_it_only_to_a_community_the_author_belongs_to(
    community, private_community, author
):
    article = write(author)
    with pytest.raises(DomainError, match="Join this community"):
        services.edit_article(
            article=article, editor=author, title="T", body="B", language="en", community=private_community
        )
    edited = services.edit_article(
        article=article,
        editor=author,
        title="New title",
        body="B",
        language="en",
        tags=["x"],
        community=community,
    )
    assert (edited.community, edited.slug, sorted(edited.tags.names())) == (community, "new-title", ["x"])


# Comments ------------------------------------------------------------------------------------


def test_comments_on_a_published_article_count_and_closed_comments_refuse_new_ones(community, author):
    article = ArticleFactory(community=community, author=author)
    reader = member_of(community)
    comment = services.post_comment(article=article, author=reader, body="Useful, thanks", language="en")
    assert (comment.article_id, Article.objects.get(pk=article.pk).comment_count) == (article.pk, 1)
    services.close_comments(article=article, actor=author, closed=True)
    with pytest.raises(DomainError, match="Comments are closed."):
        services.post_comment(article=article, author=reader, body="One more", language="en")
    assert ArticleComment.objects.filter(article=article).count() == 1
    assert not rules.has_perm("communities.comment_article", reader, Article.objects.get(pk=article.pk))
    services.close_comments(article=article, actor=author, closed=False)
    services.post_comment(article=article, author=reader, body="Open again", language="en")
    assert ArticleComment.objects.filter(article=article).count() == 2
    assert ModerationLog.objects.count() == 0  # the author's own choice is not a moderation action


def test_comments_on_drafts_or_by_non_members_are_refused(community, author):
    draft = ArticleFactory(community=community, author=author, status=ArticleStatus.DRAFT)
    with pytest.raises(DomainError, match="not published"):
        services.post_comment(article=draft, author=member_of(community), body="Hi", language="en")
    published = ArticleFactory(community=community, author=author)
    with pytest.raises(DomainError, match="Join this community"):
        services.post_comment(article=published, author=UserFactory(), body="Hi", language="en")
    standalone = ArticleFactory(author=author)
    services.post_comment(article=standalone, author=UserFactory(), body="Hi", language="en")
    assert ArticleComment.objects.count() == 1


def test_moderator_closes_comments_with_a_reason_in_the_log(community, author, moderator):
    article = ArticleFactory(community=community, author=author, title="Open letter")
    with pytest.raises(DomainError, match="Give a reason"):
        services.close_comments(article=article, actor=moderator, closed=True)
    services.close_comments(article=article, actor=moderator, closed=True, reason="Heated thread")
    assert Article.objects.get(pk=article.pk).comments_closed is True
    entry = ModerationLog.objects.get()
    assert (entry.community, entry.action, entry.target_type, entry.target_label, entry.reason) == (
        community,
        Action.CLOSE_COMMENTS,
        "article",
        "Article “Open letter”",
        "Heated thread",
    )
    other = member_of(community)
    with pytest.raises(DomainError, match="cannot close"):
        services.close_comments(article=article, actor=other, closed=False)


def test_reported_comment_goes_to_the_community_queue_and_the_moderator_hides_it(
    community, author, moderator
):
    article = ArticleFactory(community=community, author=author, title="Coaching notes")
    commenter = member_of(community, full_name="Cam Menter")
    comment = ArticleCommentFactory(article=article, author=commenter, body="Buy my course")
    reporter = member_of(community)
    report = services.report_item(item=comment, reporter=reporter, reason=ReportReason.SPAM)
    assert (report.community, report.thread, report.comment) == (community, None, comment)
    with pytest.raises(DomainError, match="already reported"):
        services.report_item(item=comment, reporter=reporter, reason=ReportReason.SPAM)
    [group] = queries.moderation_queue(community)
    assert (group["kind"], group["item"], len(group["reports"])) == ("comment", comment, 1)

    services.moderate_item(item=comment, moderator=moderator, action=Action.HIDE, reason="Advertising")
    comment.refresh_from_db()
    assert (comment.status, comment.moderation_reason) == (PostStatus.HIDDEN, "Advertising")
    assert Report.objects.get().status == "resolved"
    entry = ModerationLog.objects.get()
    assert (entry.community, entry.action, entry.target_type, entry.target_id, entry.target_label) == (
        community,
        Action.HIDE,
        "comment",
        comment.pk,
        "Comment on the article “Coaching notes”",
    )
    email = OutboundEmail.objects.get(kind="community_content_hidden")
    assert email.recipient_id == commenter.pk
    assert "Your comment on the article “Coaching notes” is hidden" in email.body_text
    assert f"/en/articles/{article.pk}/coaching-notes/" in email.body_text
    assert queries.moderation_queue(community) == []


def test_comments_hide_themselves_after_three_reports(community, author):
    comment = ArticleCommentFactory(article=ArticleFactory(community=community, author=author))
    for _ in range(3):
        services.report_item(item=comment, reporter=member_of(community), reason=ReportReason.SPAM)
    comment.refresh_from_db()
    assert comment.status == PostStatus.AUTO_HIDDEN
    assert ModerationLog.objects.get().action == Action.AUTO_HIDE


def test_comment_on_an_article_on_its_own_is_moderated_by_admins_without_suspension(admin_user):
    comment = ArticleCommentFactory(article=ArticleFactory())
    report = services.report_item(item=comment, reporter=UserFactory(), reason=ReportReason.HARASSMENT)
    assert report.community is None
    assert services.item_actions("comment", None) == [
        Action.HIDE,
        Action.RESTORE,
        Action.REMOVE,
        Action.DISMISS,
    ]
    with pytest.raises(DomainError, match="does not apply"):
        services.moderate_item(
            item=comment, moderator=admin_user, action=Action.SUSPEND, reason="x", suspend_days=3
        )
    services.moderate_item(item=comment, moderator=admin_user, action=Action.REMOVE, reason="Abuse")
    entry = ModerationLog.objects.get()
    assert (entry.community, entry.action, entry.target_type) == (None, Action.REMOVE, "comment")
    assert rules.has_perm("communities.moderate_comment", admin_user, comment)
    assert not rules.has_perm("communities.moderate_comment", UserFactory(), comment)


def test_a_suspended_member_cannot_comment_or_report(community, author, moderator):
    article = ArticleFactory(community=community, author=author)
    comment = ArticleCommentFactory(article=article)
    suspended = member_of(community)
    services.suspend_member(community=community, member=suspended, moderator=moderator, days=2, reason="Spam")
    community.__dict__.pop("_suspension_cache", None)
    with pytest.raises(DomainError, match="suspended"):
        services.post_comment(article=article, author=suspended, body="Hi", language="en")
    with pytest.raises(DomainError, match="suspended"):
        services.report_item(item=comment, reporter=suspended, reason=ReportReason.SPAM)


# Visits -------------------------------------------------------------------------------------

DAY = dt.date(2027, 3, 10)


def visits(article):
    return Article.objects.get(pk=article.pk).visit_count


def test_a_reader_counts_once_a_day_another_reader_counts_and_the_next_day_counts_again():
    article = ArticleFactory()
    reader, other = f"session:{uuid.uuid4().hex}", f"session:{uuid.uuid4().hex}"
    assert services.count_visit(article=article, reader=reader, today=DAY) is True
    assert services.count_visit(article=article, reader=reader, today=DAY) is False
    assert visits(article) == 1
    assert services.count_visit(article=article, reader=other, today=DAY) is True
    assert visits(article) == 2
    assert services.count_visit(article=article, reader=reader, today=DAY + dt.timedelta(days=1)) is True
    assert visits(article) == 3
    assert services.count_visit(article=ArticleFactory(), reader=reader, today=DAY) is True  # another article
    assert visits(article) == 3


def test_a_visit_keeps_no_reader_identity_and_its_key_ends_with_the_day():
    article = ArticleFactory()
    reader = f"session:{uuid.uuid4().hex}"
    now = dt.datetime(2027, 3, 10, 22, 0, tzinfo=dt.UTC)
    services.count_visit(article=article, reader=reader, now=now)
    client = cache._cache.get_client(write=True)
    [key] = [k.decode() for k in client.scan_iter(match=f"{cache.make_key('article-visit:')}*")]
    assert re.fullmatch(
        re.escape(cache.make_key("article-visit:")) + "[0-9a-f]{64}", key
    )  # a keyed hash only
    assert reader.split(":")[1] not in key
    assert 0 < client.ttl(key) <= 24 * 3600 + 60


def test_no_reader_no_count_and_robots_are_recognized():
    article = ArticleFactory()
    assert services.count_visit(article=article, reader=None, today=DAY) is False
    assert visits(article) == 0
    assert services.is_robot("Mozilla/5.0 (compatible; Googlebot/2.1)") is True
    assert services.is_robot("") is True
    assert services.is_robot("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0") is False


# Export and account deletion --------------------------------------------------------------------


def test_export_includes_the_members_articles_and_comments(community, author):
    article = write(author, community, tags=["coaching", "hybrid"])
    services.publish_article(article=article, author=author)
    other = ArticleFactory()
    ArticleCommentFactory(article=other, author=author, body="My comment")
    data = export_member_data(member=author)
    [exported] = data["articles"]
    assert (exported["title"], exported["community"], exported["status"], exported["tags"]) == (
        "Hybrid teams",
        "engagement",
        "published",
        ["coaching", "hybrid"],
    )
    assert [(c["article"], c["body"]) for c in data["article_comments"]] == [(other.title, "My comment")]


def test_deleting_an_account_deletes_its_articles_and_comments_like_its_posts(author):
    article = ArticleFactory(author=author)
    ArticleCommentFactory(article=article)
    mine = ArticleCommentFactory(article=ArticleFactory(), author=author)
    author.delete()
    assert Article.objects.filter(pk=article.pk).exists() is False
    assert ArticleComment.objects.filter(pk=mine.pk).exists() is False
    assert ArticleComment.objects.count() == 0
