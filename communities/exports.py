"""The communities section of 'download my data': the member's articles and comments (members.queries
discovers this module)."""

from .models import Article
from .queries import article_comments_by


def member_data(member):
    articles = Article.objects.filter(author=member).select_related("community").prefetch_related("tags")
    return {
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
