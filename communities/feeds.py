"""Atom feeds of published articles: the whole portal's and each community's, in each language.

A feed is read by programs that never sign in: it lists only what a visitor may read
(rules.readable_articles of an anonymous user), so a members-only community has no feed (404).
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from nmc_portal.bilingual import localized

from .queries import article_list
from .rules import readable_articles, readable_communities

FEED_SIZE = 30


class ArticlesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return _("Articles – NMC Portal")

    def subtitle(self, obj):
        return _("Articles by the members of the National Managers' Community.")

    def link(self, obj):
        return reverse("articles:list")

    def feed_url(self, obj):
        return reverse("articles:feed")

    def items(self, obj):
        return list(article_list(readable_articles(AnonymousUser()), community=obj)[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The body as saved: Markdown rendered and cleaned by communities.sanitize (an nh3 allow-list).
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return item.author.get_full_name()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class CommunityArticlesFeed(ArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(readable_communities(AnonymousUser()), slug=slug)

    def title(self, obj):
        return _("Articles of %(community)s – NMC Portal") % {"community": localized(obj, "name")[0]}

    def link(self, obj):
        return f"{reverse('articles:list')}?community={obj.slug}"

    def feed_url(self, obj):
        return reverse("articles:community_feed", kwargs={"slug": obj.slug})
