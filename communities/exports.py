"""The communities section of 'download my data': the member's memberships, discussions, replies,
articles, comments (with the translations they wrote) and reports (members.queries discovers this
module). A fixed number of queries, whatever the member wrote."""

from .models import Article, Membership, Reply, Report, Thread
from .queries import article_comments_by


def member_data(member):
    articles = Article.objects.filter(author=member).select_related("community").prefetch_related("tags")
    memberships = Membership.objects.filter(member=member).select_related("community")
    threads = Thread.objects.filter(author=member).select_related("community")
    replies = Reply.objects.filter(author=member).select_related("thread")
    reports = Report.objects.filter(reporter=member).select_related("community")
    return {
        "memberships": [
            {
                "community": membership.community.slug,
                "role": membership.role,
                "status": membership.status,
                "requested_at": membership.requested_at.isoformat(),
                "joined_at": membership.joined_at.isoformat() if membership.joined_at else None,
            }
            for membership in memberships.order_by("requested_at", "id")
        ],
        "discussions": [
            {
                "title": thread.title,
                "community": thread.community.slug,
                "language": thread.language,
                "body": thread.body,
                "translated_title": thread.translated_title,
                "translation": thread.translation,
                "created_at": thread.created_at.isoformat(),
            }
            for thread in threads.order_by("created_at", "id")
        ],
        "replies": [
            {
                "discussion": reply.thread.title,
                "language": reply.language,
                "body": reply.body,
                "translation": reply.translation,
                "created_at": reply.created_at.isoformat(),
            }
            for reply in replies.order_by("created_at", "id")
        ],
        "reports": [
            {
                "community": report.community.slug if report.community else None,
                "reason": report.reason,
                "details": report.text,
                "created_at": report.created_at.isoformat(),
            }
            for report in reports.order_by("created_at", "id")
        ],
        "articles": [
            {
                "title": article.title,
                "community": article.community.slug if article.community else None,
                "language": article.language,
                "status": article.status,
                "body": article.body,
                "tags": sorted(tag.name for tag in article.tags.all()),
                "comments_closed": article.comments_closed,
                "visit_count": article.visit_count,
                "created_at": article.created_at.isoformat(),
                "published_at": article.published_at.isoformat() if article.published_at else None,
            }
            for article in articles.order_by("created_at", "id")
        ],
        "article_comments": [
            {
                "article": comment.article.title,
                "language": comment.language,
                "body": comment.body,
                "status": comment.status,
                "created_at": comment.created_at.isoformat(),
            }
            for comment in article_comments_by(member)
        ],
    }
