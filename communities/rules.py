"""Permission predicates for communities; templates ask {% has_perm %} rather than repeat them.

Every predicate takes the user and a community, a thread or a reply (its community is found);
the article predicates take an article or one of its comments (an article may have no community).
Where a list must be filtered in SQL, the query twin of a predicate lives next to it
(`readable_communities`, `readable_threads`, `readable_articles`): other apps (the search, the
directory) embed those querysets instead of restating the rule, and tests check that each pair answers
alike.
"""

from datetime import timedelta

import rules
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from members.rules import is_admin, is_member

from .models import (
    Article,
    ArticleStatus,
    Community,
    Membership,
    MembershipStatus,
    PostStatus,
    Thread,
    Visibility,
)
from .queries import membership_for, suspension_for


def edit_window():
    return timedelta(minutes=getattr(settings, "COMMUNITY_EDIT_WINDOW_MINUTES", 30))


def edit_deadline(post):
    """Until when the author may edit the post (the service checks it again when saving)."""
    return post.created_at + edit_window()


def community_of(obj):
    return getattr(obj, "community", None) if not hasattr(obj, "joining") else obj


@rules.predicate
def is_community_member(user, obj):
    membership = membership_for(user, community_of(obj)) if obj is not None else None
    return bool(membership and membership.is_active)


@rules.predicate
def has_pending_request(user, obj):
    membership = membership_for(user, community_of(obj)) if obj is not None else None
    return bool(membership and not membership.is_active)


@rules.predicate
def is_community_moderator(user, obj):
    membership = membership_for(user, community_of(obj)) if obj is not None else None
    return bool(membership and membership.is_moderator)


@rules.predicate
def is_suspended(user, obj):
    return obj is not None and suspension_for(user, community_of(obj)) is not None


@rules.predicate
def is_public_community(user, obj):
    return obj is not None and community_of(obj).is_public


@rules.predicate
def is_locked_thread(user, thread):
    thread = getattr(thread, "thread", thread)
    return bool(getattr(thread, "locked", False))


@rules.predicate
def is_hidden_thread(user, thread):
    thread = getattr(thread, "thread", thread)
    return getattr(thread, "status", PostStatus.VISIBLE) != PostStatus.VISIBLE


@rules.predicate
def is_visible_post(user, post):
    """The post's own status (a reply's thread may be hidden while the reply is not)."""
    return post is not None and post.status == PostStatus.VISIBLE


@rules.predicate
def is_removed_post(user, post):
    return post is not None and post.status == PostStatus.REMOVED


@rules.predicate
def is_author(user, post):
    return bool(post is not None and user.is_authenticated and post.author_id == user.pk)


@rules.predicate
def is_within_edit_window(user, post):
    return post is not None and timezone.now() <= edit_deadline(post)


can_moderate = is_community_moderator | is_admin
can_view_discussions = is_public_community | is_community_member | can_moderate
# What lists outside a community's page (search, profiles) show of a thread: only visible ones.
can_read_thread = can_view_discussions & ~is_hidden_thread
# What a community's pages show of a post (a thread's title and message, a reply): visible posts;
# hidden ones also to their author (until removed) and to moderators.
can_see_post = is_visible_post | (is_author & ~is_removed_post) | can_moderate
# The community's list of threads; its SQL twin: queries.visible_threads.
can_see_thread = can_view_discussions & can_see_post
can_post = is_member & is_community_member & ~is_suspended

rules.add_perm("communities.view_discussions", can_view_discussions)
rules.add_perm("communities.see_thread", can_see_thread)
rules.add_perm("communities.see_post", can_see_post)
rules.add_perm("communities.join", is_member & ~is_community_member & ~has_pending_request)
rules.add_perm("communities.leave", is_community_member)
rules.add_perm("communities.start_thread", can_post)
rules.add_perm("communities.reply", can_post & ~is_locked_thread & ~is_hidden_thread)
rules.add_perm("communities.edit_post", is_author & is_within_edit_window & can_post & ~is_locked_thread)
# Only the author translates their post, as long as they may post here (no edit window: a translation
# may come later; moderators hide or remove the post with its translation).
rules.add_perm("communities.translate_post", is_author & can_post & ~is_locked_thread & ~is_removed_post)
rules.add_perm("communities.report", is_member & can_view_discussions & ~is_suspended & ~is_author)
rules.add_perm("communities.moderate", can_moderate)
rules.add_perm("communities.view_log", can_moderate)


def post_rights(user, community, posts):
    """What `user` may do with each post of one community's page, as the four rules of a post would say:
    [(see_post, edit_post, report, translate_post)], one tuple per post, in order.

    The twin of asking `rules.has_perm` four times a post: what depends only on the reader and the
    community (member, moderator, suspended, may read) is found once for the page, then each post adds
    its own status, author, age and thread. A test checks both answer alike for every role and post."""
    moderate = can_moderate.test(user, community)
    view = can_view_discussions.test(user, community)
    member = is_member.test(user)
    post_here = member and can_post.test(user, community)
    report = member and view and not is_suspended.test(user, community)
    now = timezone.now()
    rights = []
    for post in posts:
        author = bool(user.is_authenticated and post.author_id == user.pk)
        locked = bool(getattr(getattr(post, "thread", post), "locked", False))
        removed = post.status == PostStatus.REMOVED
        rights.append(
            (
                post.status == PostStatus.VISIBLE or (author and not removed) or moderate,
                author and now <= edit_deadline(post) and post_here and not locked,
                report and not author,
                author and post_here and not locked and not removed,
            )
        )
    return rights


# Articles ---------------------------------------------------------------------------------
# An article stands on its own (community empty) or belongs to a community; the predicates below
# take an article or a comment (its article is found) and never assume a community.


def article_of(obj):
    return getattr(obj, "article", obj)


@rules.predicate
def is_article_author(user, obj):
    article = article_of(obj)
    return bool(article is not None and user.is_authenticated and article.author_id == user.pk)


@rules.predicate
def is_published_article(user, obj):
    return obj is not None and article_of(obj).status == ArticleStatus.PUBLISHED


@rules.predicate
def is_standalone_article(user, obj):
    return obj is not None and article_of(obj).community_id is None


@rules.predicate
def can_read_article_community(user, obj):
    article = article_of(obj) if obj is not None else None
    return bool(article and article.community_id and can_view_discussions.test(user, article.community))


@rules.predicate
def is_article_community_member(user, obj):
    article = article_of(obj) if obj is not None else None
    return bool(article and article.community_id and is_community_member.test(user, article.community))


@rules.predicate
def is_suspended_from_article_community(user, obj):
    article = article_of(obj) if obj is not None else None
    return bool(article and article.community_id and is_suspended.test(user, article.community))


@rules.predicate
def is_article_community_moderator(user, obj):
    article = article_of(obj) if obj is not None else None
    return bool(article and article.community_id and is_community_moderator.test(user, article.community))


@rules.predicate
def are_comments_closed(user, obj):
    return obj is not None and article_of(obj).comments_closed


# Published, and on its own or in a community whose discussions the user may read: the SQL twin is
# readable_articles. Drafts are their author's alone (not even moderators or admins read them).
can_read_published_article = is_published_article & (is_standalone_article | can_read_article_community)
can_read_article = can_read_published_article | is_article_author
# Comments of an article in a community: its moderators (and admins); on its own: the admins.
can_moderate_comments = is_article_community_moderator | is_admin
# Writing in a community (an article there, a comment on one) needs an active, unsuspended membership.
can_take_part_in_article = is_member & (
    is_standalone_article | (is_article_community_member & ~is_suspended_from_article_community)
)

rules.add_perm("communities.read_article", can_read_article)
rules.add_perm("communities.write_article", is_member)
rules.add_perm("communities.edit_article", is_article_author & can_take_part_in_article)
rules.add_perm("communities.translate_article", is_article_author & can_take_part_in_article)
rules.add_perm("communities.publish_article", is_article_author & can_take_part_in_article)
rules.add_perm(
    "communities.close_comments",
    (is_article_author & is_member) | (can_read_published_article & can_moderate_comments),
)
rules.add_perm(
    "communities.comment_article",
    can_read_published_article & ~are_comments_closed & can_take_part_in_article,
)
# A comment's own status, as for replies: hidden ones to their author (until removed) and moderators.
rules.add_perm(
    "communities.see_comment", is_visible_post | (is_author & ~is_removed_post) | can_moderate_comments
)
rules.add_perm(
    "communities.report_comment",
    is_member & can_read_published_article & ~is_suspended_from_article_community & ~is_author,
)
rules.add_perm("communities.moderate_comment", can_moderate_comments)
rules.add_perm(
    "communities.translate_comment",
    is_author & ~is_removed_post & can_read_published_article & can_take_part_in_article,
)
rules.add_perm("communities.moderate_site_articles", is_admin)


def readable_communities(user):
    """Communities whose discussions `user` may read: the SQL twin of can_view_discussions.

    Public communities; for members also those they are an active member (or moderator) of; all of
    them for admins.
    """
    if is_admin(user):
        return Community.objects.all()
    if not (user and user.is_authenticated):
        return Community.objects.filter(visibility=Visibility.PUBLIC)
    membership = Membership.objects.filter(
        community=OuterRef("pk"), member=user, status=MembershipStatus.ACTIVE
    )
    return Community.objects.filter(Q(visibility=Visibility.PUBLIC) | Exists(membership))


def readable_threads(user):
    """Visible threads of communities `user` may read: the SQL twin of can_read_thread."""
    return Thread.objects.filter(
        status=PostStatus.VISIBLE, community__in=readable_communities(user).values("pk")
    )


def readable_articles(user):
    """Published articles `user` may read: the SQL twin of can_read_published_article.

    Those on their own (everyone, visitors included) and those of communities whose discussions the
    user may read. Drafts are never listed, not even to their author (their own page shows them).
    """
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).filter(
        Q(community__isnull=True) | Q(community__in=readable_communities(user).values("pk"))
    )
