"""Reusable reads: what a member sees of communities and discussions."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from nmc_portal.collation import alphabetical_by

from .models import (
    REPLIES_PER_PAGE,
    Article,
    ArticleComment,
    ArticleStatus,
    Community,
    Membership,
    MembershipStatus,
    ModerationLog,
    PostStatus,
    Reply,
    Report,
    ReportStatus,
    Role,
    Suspension,
    Thread,
)


def membership_for(user, community):
    """The user's Membership row in community (pending or active) or None, cached on the community.

    Permission predicates ask this several times per page; the cache keeps it to one query.
    """
    if not (user and user.is_authenticated):
        return None
    cache = community.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(community=community, member=user).first()
    return cache[user.pk]


def suspension_for(user, community):
    """The user's current suspension in community, or None (cached on the community)."""
    if not (user and user.is_authenticated):
        return None
    cache = community.__dict__.setdefault("_suspension_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Suspension.objects.filter(
                community=community, member=user, lifted_at__isnull=True, until__gt=timezone.now()
            )
            .order_by("-until")
            .first()
        )
    return cache[user.pk]


def communities_for_list():
    return Community.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
    ).order_by(*alphabetical_by("name"))


def visible_threads(community, user, *, can_moderate=False):
    """Threads of community a user sees in the list: pinned first, then latest activity.

    The SQL twin of rules.can_see_thread, for a community the user may read; `can_moderate` is the
    answer of "communities.moderate" for this community.
    """
    threads = Thread.objects.filter(community=community).select_related("author", "community")
    if not can_moderate:
        shown = Q(status=PostStatus.VISIBLE)
        if user.is_authenticated:
            shown |= Q(author=user) & ~Q(status=PostStatus.REMOVED)
        threads = threads.filter(shown)
    return threads.order_by("-pinned", "-last_activity_at", "-id")


def page_count(thread):
    return max(1, (thread.reply_count + REPLIES_PER_PAGE - 1) // REPLIES_PER_PAGE)


def replies_page(thread, page):
    """Replies on page `page` (1-based) of thread: an index range on (thread, position)."""
    first = (page - 1) * REPLIES_PER_PAGE + 1
    return list(
        Reply.objects.filter(thread=thread, position__gte=first, position__lt=first + REPLIES_PER_PAGE)
        .select_related("author")
        .order_by("position")
    )


def reported_by(user, thread, replies):
    """(reported the thread?, ids of the given replies this user reported)."""
    if not user.is_authenticated:
        return False, set()
    rows = (
        Report.objects.filter(reporter=user, thread=thread)
        .filter(Q(reply__isnull=True) | Q(reply__in=[reply.pk for reply in replies]))
        .values_list("reply_id", flat=True)
    )
    ids = set(rows)
    return None in ids, ids - {None}


def pending_requests(community):
    return (
        Membership.objects.filter(community=community, status=MembershipStatus.PENDING)
        .select_related("member")
        .order_by("requested_at", "id")
    )


def moderation_queue(community):
    """Open reports grouped by item (thread, reply or article comment), the item reported first at the top.

    `community` None: the reports on comments of articles published on their own (the admins' queue).
    Returns a list of dicts: item, kind, reports (oldest first), first_reported.
    """
    reports = (
        Report.objects.filter(community=community, status=ReportStatus.OPEN)
        .select_related(
            "reporter",
            "thread",
            "thread__author",
            "reply",
            "reply__author",
            "comment",
            "comment__author",
            "comment__article",
        )
        .order_by("created_at", "id")
    )
    groups = {}
    for report in reports:
        # Links to the items need their thread (or article) and community: at hand, no query each.
        if report.comment is not None:
            report.comment.article.community = community
            key = ("comment", report.comment_id)
        else:
            report.thread.community = community
            if report.reply is not None:
                report.reply.thread = report.thread
            key = ("reply", report.reply_id) if report.reply_id else ("thread", report.thread_id)
        group = groups.setdefault(
            key,
            {"kind": key[0], "item": report.item, "reports": [], "first_reported": report.created_at},
        )
        group["reports"].append(report)
    return list(groups.values())


def current_suspensions(community):
    return (
        Suspension.objects.filter(community=community, lifted_at__isnull=True, until__gt=timezone.now())
        .select_related("member")
        .order_by("until")
    )


def moderated_communities(user):
    """Communities whose log the user may read: all for admins, their own for moderators."""
    if user.is_staff:
        return Community.objects.all()
    return Community.objects.filter(
        Exists(
            Membership.objects.filter(
                community=OuterRef("pk"), member=user, role=Role.MODERATOR, status=MembershipStatus.ACTIVE
            )
        )
    )


def log_entries(communities, *, site=False):
    """Entries of these communities; with `site`, also those on articles published on their own."""
    where = Q(community__in=communities)
    if site:
        where |= Q(community__isnull=True)
    return ModerationLog.objects.filter(where).select_related("community")


def new_threads_between(start, end):
    """Visible threads started in [start, end): what a weekly digest lists, oldest first."""
    return (
        Thread.objects.filter(status=PostStatus.VISIBLE, created_at__gte=start, created_at__lt=end)
        .select_related("community", "author")
        .order_by("created_at", "id")
    )


def digest_memberships(community_ids, now):
    """Active memberships in these communities of active members who want the digest, by member.

    A member suspended from a community (at `now`) gets no news of it.
    """
    suspended = Suspension.objects.filter(
        community=OuterRef("community"), member=OuterRef("member"), lifted_at__isnull=True, until__gt=now
    )
    return (
        Membership.objects.filter(
            community_id__in=community_ids,
            status=MembershipStatus.ACTIVE,
            member__is_active=True,
            member__community_digest=True,
        )
        .exclude(Exists(suspended))
        .select_related("member")
        .order_by("member_id", "community_id")
    )


def active_member_ids(community):
    """The ids of the community's active members (moderators included), for the directory's filter."""
    return Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).values("member_id")


def communities_joined_by(member):
    """Communities `member` is an active member of (narrow it to those a viewer may read)."""
    return Community.objects.filter(memberships__member=member, memberships__status=MembershipStatus.ACTIVE)


def posts_by(member, threads, *, limit):
    """The member's latest visible threads and replies, newest first, among `threads`.

    `threads`: the threads the viewer may read (rules.readable_threads). A reply shows only while its
    thread is visible too. Two queries, merged.
    """
    own_threads = list(
        threads.filter(author=member).select_related("community").order_by("-created_at", "-id")[:limit]
    )
    replies = list(
        Reply.objects.filter(author=member, status=PostStatus.VISIBLE, thread__in=threads.values("pk"))
        .select_related("thread__community")
        .order_by("-created_at", "-id")[:limit]
    )
    posts = sorted(own_threads + replies, key=lambda post: post.created_at, reverse=True)
    return posts[:limit]


# Articles -----------------------------------------------------------------------------------


def for_article_cards(articles):
    """What a list of articles shows (author, community, tags), in a constant number of queries."""
    return articles.select_related("author", "community").prefetch_related("tags")


def article_list(articles, *, tag=None, community=None):
    """`articles` (rules.readable_articles), newest first, narrowed to a tag (slug) or a community."""
    if tag:
        articles = articles.filter(tags__slug=tag)
    if community is not None:
        articles = articles.filter(community=community)
    return for_article_cards(articles).order_by("-published_at", "-id")


def drafts_of(member):
    return Article.objects.filter(author=member, status=ArticleStatus.DRAFT).order_by("-updated_at", "-id")


def article_comments(article):
    """Every comment of the article, oldest first (the page shows each as its reader may see it)."""
    comments = list(
        ArticleComment.objects.filter(article=article).select_related("author").order_by("created_at", "id")
    )
    for comment in comments:
        comment.article = article  # the permission answers are cached on its community: no query each
    return comments


def comments_reported_by(user, comments):
    if not user.is_authenticated or not comments:
        return set()
    return set(
        Report.objects.filter(reporter=user, comment__in=[comment.pk for comment in comments]).values_list(
            "comment_id", flat=True
        )
    )


def articles_by(member, articles, *, limit):
    """The member's latest published articles among `articles` (rules.readable_articles), newest first."""
    return list(
        articles.filter(author=member).select_related("community").order_by("-published_at", "-id")[:limit]
    )


def new_articles_between(start, end):
    """Community articles published in [start, end): what a weekly digest lists, oldest first."""
    return (
        Article.objects.filter(
            status=ArticleStatus.PUBLISHED,
            community__isnull=False,
            published_at__gte=start,
            published_at__lt=end,
        )
        .select_related("community", "author")
        .order_by("published_at", "id")
    )


def article_comments_by(member):
    return ArticleComment.objects.filter(author=member).select_related("article").order_by("created_at", "id")
