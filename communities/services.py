"""Everything that changes communities: joining, posting, reporting and moderating.

Each service is one transaction and raises DomainError with a message for the member.
Emails are recorded inside that transaction (queue_email) and leave once it commits, in the
recipient's language.
"""

import re
from datetime import datetime, time, timedelta
from itertools import groupby
from operator import attrgetter

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from nmc_portal.dates import format_datetime
from nmc_portal.emails import queue_email
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail
from nmc_portal.search_text import fold

from .models import (
    Action,
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
    ReportReason,
    ReportStatus,
    Suspension,
    Thread,
)
from .queries import digest_memberships, new_articles_between, new_threads_between, suspension_for
from .rules import can_read_published_article, can_view_discussions, edit_deadline, is_article_author
from .sanitize import render_markdown

Kind = OutboundEmail.Kind


def auto_hide_threshold():
    return getattr(settings, "COMMUNITY_AUTO_HIDE_REPORTS", 3)


# Emails ---------------------------------------------------------------------------------
# Every email is an OutboundEmail row queued inside the service's transaction, keyed so that
# the same news never reaches the same person twice (nmc_portal.emails.queue_email).


def _absolute_url(url_name, language, **kwargs):
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


def _queue(*, kind, recipient, object_key, template, **context):
    return queue_email(
        kind=kind,
        recipient=recipient,
        object_key=object_key,
        template=f"emails/communities/{template}",
        context=context,
    )


# Log ------------------------------------------------------------------------------------


def _label(item):
    if isinstance(item, ArticleComment):
        return f"Comment on the article “{item.article.title}”"[:300]
    if isinstance(item, Article):
        return f"Article “{item.title}”"[:300]
    if isinstance(item, Reply):
        return f"Reply #{item.position} in “{item.thread.title}”"[:300]
    if isinstance(item, Thread):
        return f"“{item.title}”"[:300]
    return str(item)[:300]


def _log(*, community, actor, action, target_type, target_id, target_label, reason):
    return ModerationLog.objects.create(
        community=community,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "Automatic",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        reason=reason,
    )


def _log_item(item, *, actor, action, reason):
    return _log(
        community=item.community,
        actor=actor,
        action=action,
        target_type=item.kind,
        target_id=item.pk,
        target_label=_label(item),
        reason=reason,
    )


# Joining --------------------------------------------------------------------------------


@transaction.atomic
def join_community(*, community, member, message=""):
    """Open communities: a member at once. Approval-based: a pending request (idempotent)."""
    status = MembershipStatus.ACTIVE if community.is_open else MembershipStatus.PENDING
    membership, created = Membership.objects.get_or_create(
        community=community,
        member=member,
        defaults={
            "status": status,
            "request_message": "" if community.is_open else message.strip(),
            "joined_at": timezone.now() if community.is_open else None,
        },
    )
    community.__dict__.pop("_membership_cache", None)
    return membership


@transaction.atomic
def decide_join_request(*, membership, moderator, accept, message=""):
    """Accept or decline a pending request; the member is told by email either way."""
    membership = (
        Membership.objects.select_for_update().select_related("community", "member").get(pk=membership.pk)
    )
    if membership.status != MembershipStatus.PENDING:
        raise DomainError(_("This request was already decided."))
    community, member, request_id = membership.community, membership.member, membership.pk
    if accept:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = timezone.now()
        membership.save(update_fields=["status", "joined_at"])
    else:
        membership.delete()
    _log(
        community=community,
        actor=moderator,
        action=Action.ACCEPT if accept else Action.DECLINE,
        target_type="member",
        target_id=member.pk,
        target_label=member.get_full_name(),
        reason=message.strip() or "—",
    )
    # Keyed by the request: a declined member who asks again has a new request, and a new answer.
    _queue(
        kind=Kind.COMMUNITY_JOIN_ACCEPTED if accept else Kind.COMMUNITY_JOIN_DECLINED,
        recipient=member,
        object_key=f"membership:{request_id}",
        template="join_accepted" if accept else "join_declined",
        community=community,
        message=message.strip(),
        community_url=_absolute_url("communities:detail", member.preferred_language, slug=community.slug),
    )
    return membership


@transaction.atomic
def leave_community(*, community, member):
    deleted, _rows = Membership.objects.filter(community=community, member=member).delete()
    community.__dict__.pop("_membership_cache", None)
    return bool(deleted)


# Posting --------------------------------------------------------------------------------


def _check_can_post(community, member):
    membership = Membership.objects.filter(
        community=community, member=member, status=MembershipStatus.ACTIVE
    ).first()
    if membership is None:
        raise DomainError(_("Join this community to take part in its discussions."))
    suspension = suspension_for(member, community)
    if suspension is not None:
        raise DomainError(suspended_message(suspension))


def suspended_message(suspension):
    return _("You are suspended from this community until %(until)s: you cannot post or report.") % {
        "until": format_datetime(suspension.until),
    }


@transaction.atomic
def start_thread(*, community, author, title, body, language):
    _check_can_post(community, author)
    return Thread.objects.create(
        community=community,
        author=author,
        title=title.strip(),
        body=body,
        body_html=render_markdown(body),
        language=language,
    )


@transaction.atomic
def post_reply(*, thread, author, body, language):
    """The thread row is locked while the reply takes the next position and the count grows."""
    thread = (
        Thread.objects.select_for_update(of=("self",)).select_related("author", "community").get(pk=thread.pk)
    )
    _check_can_post(thread.community, author)
    if thread.locked:
        raise DomainError(_("This discussion is locked: it is read-only."))
    if thread.status != PostStatus.VISIBLE:
        raise DomainError(_("This discussion is hidden: replies are closed."))
    now = timezone.now()
    reply = Reply.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        language=language,
        position=thread.reply_count + 1,
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_activity_at=now)
    reply.thread = thread
    _notify_thread_author(reply)
    return reply


# What the portal itself writes in a community (an event's follow-up): its HTML is ours, built from our
# templates with every value escaped, so it is stored as given; the author is the person it speaks for.


@transaction.atomic
def post_announcement(*, community, author, title, body, body_html, language):
    """A discussion the portal starts on behalf of `author` (an event's organizer), member or not."""
    return Thread.objects.create(
        community=community,
        author=author,
        title=title[:200],
        body=body,
        body_html=body_html,
        language=language,
    )


@transaction.atomic
def post_announcement_reply(*, thread, author, body, body_html, language):
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    reply = Reply.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=body_html,
        language=language,
        position=thread.reply_count + 1,
    )
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=timezone.now()
    )
    return reply


def _notify_thread_author(reply):
    """The thread's author hears of each reply: not of their own, not after opting out, and not
    from a community whose discussions they may no longer read."""
    thread = reply.thread
    recipient = thread.author
    if recipient.pk == reply.author_id or not recipient.notify_replies or not recipient.is_active:
        return
    if not can_view_discussions.test(recipient, thread.community):
        return
    language = recipient.preferred_language
    with translation.override(language):
        reply_url = settings.SITE_URL + reply.get_absolute_url()
    _queue(
        kind=Kind.COMMUNITY_REPLY,
        recipient=recipient,
        object_key=f"reply:{reply.pk}",
        template="reply_posted",
        thread=thread,
        community=thread.community,
        reply=reply,
        replier_name=reply.author.get_full_name(),
        reply_url=reply_url,
        preferences_url=_absolute_url("members:profile_edit", language),
    )


@transaction.atomic
def edit_post(*, post, editor, body, title=None):
    """Authors edit their own post within the edit window; the post then shows it was edited."""
    post = type(post).objects.select_for_update().get(pk=post.pk)
    thread = post if isinstance(post, Thread) else post.thread
    if post.author_id != editor.pk:
        raise DomainError(_("You can only edit your own posts."))
    _check_can_post(thread.community, editor)
    if thread.locked:
        raise DomainError(_("This discussion is locked: it is read-only."))
    if timezone.now() > edit_deadline(post):
        raise DomainError(_("The time to edit this post has passed."))
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    fields = ["body", "body_html", "edited_at"]
    if title is not None and isinstance(post, Thread):
        post.title = title.strip()
        fields.append("title")
    post.save(update_fields=fields)
    return post


@transaction.atomic
def translate_post(*, post, author, body, title=None):
    """The author adds or replaces their own translation of a thread's opening post or a reply, in the
    other official language; readers of that language see it. Setting the same text twice changes nothing
    more than once (a double submission is harmless). The post is not marked edited."""
    post = type(post).objects.select_for_update().get(pk=post.pk)
    thread = post if isinstance(post, Thread) else post.thread
    if post.author_id != author.pk:
        raise DomainError(_("Only the author can translate a post."))
    _check_can_post(thread.community, author)
    if thread.locked:
        raise DomainError(_("This discussion is locked: it is read-only."))
    if post.is_removed:
        raise DomainError(_("This post was removed by a moderator."))
    post.translation = body
    post.translation_html = render_markdown(body)
    post.translated_at = timezone.now()
    fields = ["translation", "translation_html", "translated_at"]
    if isinstance(post, Thread):
        post.translated_title = (title or "").strip()
        fields.append("translated_title")
    post.save(update_fields=fields)
    return post


# Reports --------------------------------------------------------------------------------


def _snapshot(item):
    if isinstance(item, Thread):
        return f"{item.title}\n\n{item.body}"
    return item.body


def _report_filter(item):
    """The reports on exactly this item (a thread's own reports leave out those on its replies)."""
    if isinstance(item, ArticleComment):
        return {"comment_id": item.pk}
    if isinstance(item, Reply):
        return {"reply_id": item.pk}
    return {"thread_id": item.pk, "reply__isnull": True}


def _locked_item(item):
    """The item's row locked, with what it belongs to: (item, its thread or article, its community).

    An article's comment has its article as parent; its community may be None (an article on its own).
    """
    item = type(item).objects.select_for_update().select_related("author").get(pk=item.pk)
    if isinstance(item, ArticleComment):
        parent = Article.objects.select_related("community").get(pk=item.article_id)
        item.article = parent
        return item, parent, parent.community
    parent = item if isinstance(item, Thread) else Thread.objects.get(pk=item.thread_id)
    community = Community.objects.get(pk=parent.community_id)
    parent.community = community
    if isinstance(item, Reply):
        item.thread = parent
    return item, parent, community


@transaction.atomic
def report_item(*, item, reporter, reason, text=""):
    """One report per member per item; the item hides itself at the configured number of reports.

    The item's row is locked so that concurrent reports count one after the other.
    """
    item, parent, community = _locked_item(item)
    if item.author_id == reporter.pk:
        raise DomainError(_("You cannot report your own post."))
    suspension = suspension_for(reporter, community) if community is not None else None
    if suspension is not None:
        raise DomainError(suspended_message(suspension))
    if reason == ReportReason.OTHER and not text.strip():
        raise DomainError(_("Tell the moderators what is wrong."), field="text")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                community=community,
                thread=None if isinstance(item, ArticleComment) else parent,
                reply=item if isinstance(item, Reply) else None,
                comment=item if isinstance(item, ArticleComment) else None,
                reporter=reporter,
                reason=reason,
                text=text.strip(),
                snapshot=_snapshot(item),
            )
    except IntegrityError:
        raise DomainError(_("You already reported this post.")) from None
    reports = Report.objects.filter(**_report_filter(item), status=ReportStatus.OPEN)
    if (
        item.status == PostStatus.VISIBLE
        and reports.values("reporter").distinct().count() >= auto_hide_threshold()
    ):
        reason_text = _("Hidden automatically after %(count)s reports, until a moderator reviews it.") % {
            "count": auto_hide_threshold()
        }
        item.status = PostStatus.AUTO_HIDDEN
        item.moderation_reason = reason_text
        item.save(update_fields=["status", "moderation_reason"])
        log = _log_item(item, actor=None, action=Action.AUTO_HIDE, reason=reason_text)
        _email_hidden(item, parent, reason_text, log)
    return report


def _email_hidden(item, parent, reason, log):
    """Keyed by the log entry: hidden, restored and hidden again is news again.

    `parent`: the item's thread, or the article a comment is on."""
    author = item.author
    with translation.override(author.preferred_language):
        parent_url = settings.SITE_URL + parent.get_absolute_url()
    _queue(
        kind=Kind.COMMUNITY_CONTENT_HIDDEN,
        recipient=author,
        object_key=f"{item.kind}:{item.pk}:log:{log.pk}",
        template="content_hidden",
        item_kind=item.kind,
        thread_title=parent.title,
        reason=reason,
        thread_url=parent_url,
    )


# Moderation -----------------------------------------------------------------------------

ITEM_ACTIONS = {
    "thread": [
        Action.HIDE,
        Action.RESTORE,
        Action.REMOVE,
        Action.DISMISS,
        Action.LOCK,
        Action.UNLOCK,
        Action.PIN,
        Action.UNPIN,
        Action.SUSPEND,
    ],
    "reply": [Action.HIDE, Action.RESTORE, Action.REMOVE, Action.DISMISS, Action.SUSPEND],
    "comment": [Action.HIDE, Action.RESTORE, Action.REMOVE, Action.DISMISS, Action.SUSPEND],
}


def item_actions(item_kind, community):
    """The actions a moderator may take on an item: no suspension where there is no community."""
    actions = ITEM_ACTIONS[item_kind]
    return actions if community is not None else [action for action in actions if action != Action.SUSPEND]


def _close_reports(item, status):
    Report.objects.filter(**_report_filter(item), status=ReportStatus.OPEN).update(
        status=status, closed_at=timezone.now()
    )


@transaction.atomic
def moderate_item(*, item, moderator, action, reason, suspend_days=None):
    """Apply a moderator's action to a thread, a reply or an article's comment, with the reason in the log."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason: it goes in the moderation log."), field="reason")
    item, parent, community = _locked_item(item)
    if action not in item_actions(item.kind, community):
        raise DomainError(_("This action does not apply to this item."), field="action")
    if action == Action.SUSPEND:
        suspend_member(
            community=community,
            member=item.author,
            moderator=moderator,
            days=suspend_days,
            reason=reason,
        )
        _close_reports(item, ReportStatus.RESOLVED)
        return item
    if action in (Action.HIDE, Action.REMOVE):
        item.status = PostStatus.HIDDEN if action == Action.HIDE else PostStatus.REMOVED
        item.moderation_reason = reason
        item.save(update_fields=["status", "moderation_reason"])
        _close_reports(item, ReportStatus.RESOLVED)
        _email_hidden(item, parent, reason, _log_item(item, actor=moderator, action=action, reason=reason))
        return item
    elif action == Action.RESTORE:
        item.status = PostStatus.VISIBLE
        item.moderation_reason = ""
        item.save(update_fields=["status", "moderation_reason"])
        _close_reports(item, ReportStatus.DISMISSED)
    elif action == Action.DISMISS:
        # Dismissing the reports means the content is fine: undo an automatic hide.
        if item.status == PostStatus.AUTO_HIDDEN:
            item.status = PostStatus.VISIBLE
            item.moderation_reason = ""
            item.save(update_fields=["status", "moderation_reason"])
        _close_reports(item, ReportStatus.DISMISSED)
    elif action in (Action.LOCK, Action.UNLOCK):
        item.locked = action == Action.LOCK
        item.save(update_fields=["locked"])
    elif action in (Action.PIN, Action.UNPIN):
        item.pinned = action == Action.PIN
        item.save(update_fields=["pinned"])
    _log_item(item, actor=moderator, action=action, reason=reason)
    return item


@transaction.atomic
def suspend_member(*, community, member, moderator, days, reason):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason: it goes in the moderation log."))
    if not days or days < 1:
        raise DomainError(_("Say for how many days the member is suspended."))
    if member.pk == moderator.pk:
        raise DomainError(_("You cannot suspend yourself."))
    suspension = Suspension.objects.create(
        community=community,
        member=member,
        until=timezone.now() + timedelta(days=days),
        reason=reason,
        created_by=moderator,
    )
    _log(
        community=community,
        actor=moderator,
        action=Action.SUSPEND,
        target_type="member",
        target_id=member.pk,
        target_label=member.get_full_name(),
        reason=reason,
    )
    community.__dict__.pop("_suspension_cache", None)
    return suspension


@transaction.atomic
def lift_suspension(*, suspension, moderator, reason):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason: it goes in the moderation log."))
    suspension = (
        Suspension.objects.select_for_update().select_related("member", "community").get(pk=suspension.pk)
    )
    if suspension.lifted_at is None:
        suspension.lifted_at = timezone.now()
        suspension.save(update_fields=["lifted_at"])
        _log(
            community=suspension.community,
            actor=moderator,
            action=Action.LIFT,
            target_type="member",
            target_id=suspension.member_id,
            target_label=suspension.member.get_full_name(),
            reason=reason,
        )
    return suspension


# Articles -------------------------------------------------------------------------------


def article_search_fields(*, title, tag_names, body, language):
    """The accent-folded text of an article's search columns (its vector is derived by PostgreSQL)."""
    titles = "\n".join(part for part in (title, " ".join(tag_names)) if part)
    return {
        "search_titles": fold(titles),
        "search_text_en": fold(body) if language != "fr" else "",
        "search_text_fr": fold(body) if language == "fr" else "",
    }


def _article_slug(title):
    return slugify(title)[:200].strip("-") or "article"


def _check_can_write_in(community, author):
    """Writing in a community (an article, a comment) needs an active, unsuspended membership there."""
    if community is not None:
        _check_can_post(community, author)


def _save_article_text(article, *, title, body, language, tags):
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the article a title."), field="title")
    if not (body or "").strip():
        raise DomainError(_("Write the text of the article."), field="body")
    tags = sorted({tag.strip() for tag in tags if tag.strip()}, key=str.casefold)
    article.title = title
    article.slug = _article_slug(title)
    article.body = body
    article.body_html = render_markdown(body)
    article.language = language
    for field, value in article_search_fields(
        title=title, tag_names=tags, body=body, language=language
    ).items():
        setattr(article, field, value)
    article.save()
    article.tags.set(tags)
    return article


@transaction.atomic
def write_article(*, author, title, body, language, tags=(), community=None):
    """A new article, a draft until its author publishes it; in `community` when given."""
    _check_can_write_in(community, author)
    article = Article(author=author, community=community, status=ArticleStatus.DRAFT)
    return _save_article_text(article, title=title, body=body, language=language, tags=tags)


def _locked_article(article):
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("community", "author")
        .get(pk=article.pk)
    )


def _check_author(article, member):
    if article.author_id != member.pk:
        raise DomainError(_("Only its author can change this article."))


@transaction.atomic
def edit_article(*, article, editor, title, body, language, tags=(), community=None):
    """The author changes the text, tags, language or community (one they take part in)."""
    article = _locked_article(article)
    _check_author(article, editor)
    _check_can_write_in(article.community, editor)
    if community != article.community:
        _check_can_write_in(community, editor)
        article.community = community
    if language != article.language:  # the translation was into the language now the original's
        article.translated_title = article.translation = article.translation_html = ""
        article.translated_at = None
    return _save_article_text(article, title=title, body=body, language=language, tags=tags)


@transaction.atomic
def translate_article(*, article, author, title, body):
    """The author adds or replaces their translation of the article's title and text into the other
    official language; readers of that language see it. The same text twice changes nothing more."""
    article = _locked_article(article)
    _check_author(article, author)
    _check_can_write_in(article.community, author)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise DomainError(_("Translate the title."), field="title")
    if not body:
        raise DomainError(_("Write the translation."), field="body")
    article.translated_title = title
    article.translation = body
    article.translation_html = render_markdown(body)
    article.translated_at = timezone.now()
    article.save(update_fields=["translated_title", "translation", "translation_html", "translated_at"])
    return article


@transaction.atomic
def publish_article(*, article, author, publish=True):
    """Publish a draft (its date is the first publication's) or take it back to a draft."""
    article = _locked_article(article)
    _check_author(article, author)
    _check_can_write_in(article.community, author)
    if publish:
        article.status = ArticleStatus.PUBLISHED
        article.published_at = article.published_at or timezone.now()
    else:
        article.status = ArticleStatus.DRAFT
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


@transaction.atomic
def close_comments(*, article, actor, closed=True, reason=""):
    """The author closes or reopens the comments; so may the moderators of its community (admins for an
    article on its own), whose action goes in the moderation log with its reason."""
    article = _locked_article(article)
    if not rules.has_perm("communities.close_comments", actor, article):
        raise DomainError(_("You cannot close the comments of this article."))
    by_moderator = not is_article_author.test(actor, article)
    reason = (reason or "").strip()
    if by_moderator and not reason:
        raise DomainError(_("Give a reason: it goes in the moderation log."), field="reason")
    if article.comments_closed != closed:
        article.comments_closed = closed
        article.save(update_fields=["comments_closed", "updated_at"])
        if by_moderator:
            _log(
                community=article.community,
                actor=actor,
                action=Action.CLOSE_COMMENTS if closed else Action.REOPEN_COMMENTS,
                target_type=article.kind,
                target_id=article.pk,
                target_label=_label(article),
                reason=reason,
            )
    return article


@transaction.atomic
def post_comment(*, article, author, body, language):
    """A comment on a published article whose comments are open; the article row is locked so that a
    comment and the closing of the comments come one after the other."""
    article = _locked_article(article)
    if not can_read_published_article.test(author, article):
        raise DomainError(_("This article is not published."))
    if article.comments_closed:
        raise DomainError(_("Comments are closed."))
    _check_can_write_in(article.community, author)
    comment = ArticleComment.objects.create(
        article=article, author=author, body=body, body_html=render_markdown(body), language=language
    )
    Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + 1)
    comment.article = article
    return comment


@transaction.atomic
def translate_comment(*, comment, author, body):
    """The author adds or replaces their translation of their comment into the other official language."""
    comment = (
        ArticleComment.objects.select_for_update(of=("self",))
        .select_related("article__community")
        .get(pk=comment.pk)
    )
    if comment.author_id != author.pk:
        raise DomainError(_("Only the author can translate a post."))
    _check_can_write_in(comment.article.community, author)
    if comment.is_removed:
        raise DomainError(_("This post was removed by a moderator."))
    comment.translation = body
    comment.translation_html = render_markdown(body)
    comment.translated_at = timezone.now()
    comment.save(update_fields=["translation", "translation_html", "translated_at"])
    return comment


# Visits: each reader counts once a day, and nobody is remembered. The key of a visit is a keyed hash
# (HMAC with a key derived from SECRET_KEY) of the reader's session key or day cookie, the article and
# the date: it cannot be turned back into the reader, and it lives in Redis only until the day ends.
VISIT_SALT = "communities.article.visit"
# Declared robots (search engines, link previews, monitors) read without counting.
ROBOTS = re.compile(r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|httpx", re.IGNORECASE)


def is_robot(user_agent):
    return not user_agent or bool(ROBOTS.search(user_agent))


def _seconds_left_in(day, now):
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return max(60, int((end - now).total_seconds()) + 60)


def count_visit(*, article, reader, today=None, now=None):
    """Count `reader` (an opaque session or cookie id) once per article per day; True when counted.

    The key is set with SET NX EX (cache.add): only the first visit of the day creates it, and only then
    does the count grow, in PostgreSQL (UPDATE ... SET visit_count = visit_count + 1). The key expires
    a minute after the day's end, portal time. `today` and `now` let tests (and nothing else) move time.
    """
    if not reader:
        return False
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    digest = salted_hmac(VISIT_SALT, f"{reader}|{article.pk}|{today.isoformat()}", algorithm="sha256")
    key = f"article-visit:{digest.hexdigest()}"
    if not cache.add(key, 1, timeout=_seconds_left_in(today, now)):
        return False
    Article.objects.filter(pk=article.pk).update(visit_count=F("visit_count") + 1)
    return True


# Weekly digest --------------------------------------------------------------------------

DIGEST_UNSUBSCRIBE_SALT = "communities.digest.unsubscribe"


def digest_week(now=None):
    """The week a digest covers: the last full week, Monday 00:00 to Monday 00:00 in the portal's
    time zone, whatever the hour the job runs; with its ISO year-week ("2027-W02"), the digest's key.

    Fixed weeks rather than "the past 7 days" put each thread in exactly one digest, even when a run
    is late or repeated.
    """
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    start, end = monday - timedelta(days=7), monday
    year, week, _weekday = start.isocalendar()
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end, time.min)),
        f"{year}-W{week:02d}",
    )


def digest_unsubscribe_token(member):
    """A signed token naming the member: the unsubscribe link works without signing in."""
    return signing.dumps(member.pk, salt=DIGEST_UNSUBSCRIBE_SALT)


def digest_member(token):
    """The member a valid unsubscribe token names; None if the token was altered or the member is gone."""
    try:
        member_id = signing.loads(token, salt=DIGEST_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=member_id, is_active=True).first()


@transaction.atomic
def stop_weekly_digest(*, member):
    get_user_model().objects.filter(pk=member.pk).update(community_digest=False)
    member.community_digest = False
    return member


def _item_urls(items, language):
    with translation.override(language):
        return {(item.kind, item.pk): settings.SITE_URL + item.get_absolute_url() for item in items}


def queue_weekly_digests(*, now=None):
    """Queue last week's digest for every member with news in their communities; returns how many.

    News: visible threads started and articles published last week by someone else, in communities
    where the member is an active member and not suspended. Each email is keyed by (member, ISO week), so
    a second run in the same week finds the rows already there and sends nothing more. One transaction
    per member: a failure halfway keeps the digests already queued, and the next run completes the rest.
    """
    now = now or timezone.now()
    start, end, week = digest_week(now)
    threads = list(new_threads_between(start, end))
    articles = list(new_articles_between(start, end))
    if not threads and not articles:
        return 0
    by_community = {}
    for item in threads + articles:
        by_community.setdefault(item.community_id, {"threads": [], "articles": []})[
            "threads" if item.kind == "thread" else "articles"
        ].append(item)
    urls = {language: _item_urls(threads + articles, language) for language in ("en", "fr")}
    queued = 0
    memberships = digest_memberships(list(by_community), now).iterator(chunk_size=2000)
    for _member_id, rows in groupby(memberships, key=attrgetter("member_id")):
        rows = list(rows)
        member = rows[0].member
        language = member.preferred_language
        sections = []
        for membership in rows:
            news = by_community[membership.community_id]
            section = {
                key: [
                    {key[:-1]: item, "url": urls[language][item.kind, item.pk]}
                    for item in items
                    if item.author_id != member.pk
                ]
                for key, items in news.items()
            }
            if section["threads"] or section["articles"]:
                first = (news["threads"] + news["articles"])[0]
                sections.append({"community": first.community, **section})
        if not sections:
            continue
        sections.sort(key=lambda section: getattr(section["community"], f"name_{language}").casefold())
        thread_count = sum(len(section["threads"]) for section in sections)
        article_count = sum(len(section["articles"]) for section in sections)
        with transaction.atomic():
            _queue(
                kind=Kind.COMMUNITY_DIGEST,
                recipient=member,
                object_key=week,
                template="weekly_digest",
                sections=sections,
                week_start=start.date(),
                thread_count=thread_count,
                article_count=article_count,
                unsubscribe_url=_absolute_url(
                    "communities:digest_unsubscribe", language, token=digest_unsubscribe_token(member)
                ),
                preferences_url=_absolute_url("members:profile_edit", language),
            )
        queued += 1
    return queued
