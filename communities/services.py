"""Everything that changes communities: joining, posting, reporting and moderating.

Each service is one transaction and raises CommunityError with a message for the member.
Emails leave after the transaction commits (transaction.on_commit), in the recipient's language.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    Action,
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
from .queries import suspension_for
from .sanitize import render_markdown


class CommunityError(Exception):
    """A rule of the community refused the action; the message is for the member."""


def auto_hide_threshold():
    return getattr(settings, "COMMUNITY_AUTO_HIDE_REPORTS", 3)


def edit_window():
    return timedelta(minutes=getattr(settings, "COMMUNITY_EDIT_WINDOW_MINUTES", 30))


def edit_deadline(post):
    return post.created_at + edit_window()


# Emails ---------------------------------------------------------------------------------


def _absolute_url(url_name, language, **kwargs):
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


def _send_email(recipient, template, context):
    """Text and HTML email in the recipient's language; the subject is the template's first line."""
    with translation.override(recipient.preferred_language):
        context = {"recipient": recipient, "site_url": settings.SITE_URL, **context}
        subject_and_body = render_to_string(f"communities/email/{template}.txt", context).strip()
        subject, _sep, body = subject_and_body.partition("\n")
        html = render_to_string(f"communities/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(),
        body=body.strip() + "\n",
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _email_on_commit(recipient, template, **context):
    transaction.on_commit(lambda: _send_email(recipient, template, context))


# Log ------------------------------------------------------------------------------------


def _label(item):
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
        raise CommunityError(_("This request was already decided."))
    community, member = membership.community, membership.member
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
    _email_on_commit(
        member,
        "join_accepted" if accept else "join_declined",
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
        raise CommunityError(_("Join this community to take part in its discussions."))
    suspension = suspension_for(member, community)
    if suspension is not None:
        raise CommunityError(suspended_message(suspension))


def suspended_message(suspension):
    return _("You are suspended from this community until %(until)s: you cannot post or report.") % {
        "until": timezone.localtime(suspension.until).strftime("%Y-%m-%d %H:%M"),
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
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    _check_can_post(thread.community, author)
    if thread.locked:
        raise CommunityError(_("This discussion is locked: it is read-only."))
    if thread.status != PostStatus.VISIBLE:
        raise CommunityError(_("This discussion is hidden: replies are closed."))
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
    return reply


@transaction.atomic
def edit_post(*, post, editor, body, title=None):
    """Authors edit their own post within the edit window; the post then shows it was edited."""
    post = type(post).objects.select_for_update().get(pk=post.pk)
    thread = post if isinstance(post, Thread) else post.thread
    if post.author_id != editor.pk:
        raise CommunityError(_("You can only edit your own posts."))
    _check_can_post(thread.community, editor)
    if thread.locked:
        raise CommunityError(_("This discussion is locked: it is read-only."))
    if timezone.now() > edit_deadline(post):
        raise CommunityError(_("The time to edit this post has passed."))
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    fields = ["body", "body_html", "edited_at"]
    if title is not None and isinstance(post, Thread):
        post.title = title.strip()
        fields.append("title")
    post.save(update_fields=fields)
    return post


# Reports --------------------------------------------------------------------------------


def _snapshot(item):
    if isinstance(item, Thread):
        return f"{item.title}\n\n{item.body}"
    return item.body


@transaction.atomic
def report_item(*, item, reporter, reason, text=""):
    """One report per member per item; the item hides itself at the configured number of reports.

    The item's row is locked so that concurrent reports count one after the other.
    """
    item = type(item).objects.select_for_update().select_related("author").get(pk=item.pk)
    thread = item if isinstance(item, Thread) else item.thread
    community = Community.objects.get(pk=thread.community_id)
    thread.community = community
    if item.author_id == reporter.pk:
        raise CommunityError(_("You cannot report your own post."))
    suspension = suspension_for(reporter, community)
    if suspension is not None:
        raise CommunityError(suspended_message(suspension))
    if reason == ReportReason.OTHER and not text.strip():
        raise CommunityError(_("Tell the moderators what is wrong."))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                community=community,
                thread=thread,
                reply=item if isinstance(item, Reply) else None,
                reporter=reporter,
                reason=reason,
                text=text.strip(),
                snapshot=_snapshot(item),
            )
    except IntegrityError:
        raise CommunityError(_("You already reported this post.")) from None
    reports = Report.objects.filter(
        thread=thread, reply=item if isinstance(item, Reply) else None, status=ReportStatus.OPEN
    )
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
        if isinstance(item, Reply):
            item.thread = thread
        _log_item(item, actor=None, action=Action.AUTO_HIDE, reason=reason_text)
        _email_hidden(item, thread, reason_text)
    return report


def _email_hidden(item, thread, reason):
    author = item.author
    _email_on_commit(
        author,
        "content_hidden",
        item_kind=item.kind,
        thread_title=thread.title,
        reason=reason,
        thread_url=_absolute_url(
            "communities:thread", author.preferred_language, slug=thread.community.slug, pk=thread.pk
        ),
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
}


def _close_reports(item, status):
    Report.objects.filter(
        thread_id=item.pk if isinstance(item, Thread) else item.thread_id,
        reply=item if isinstance(item, Reply) else None,
        status=ReportStatus.OPEN,
    ).update(status=status, closed_at=timezone.now())


@transaction.atomic
def moderate_item(*, item, moderator, action, reason, suspend_days=None):
    """Apply a moderator's action to a thread or reply, with the reason in the log."""
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError(_("Give a reason: it goes in the moderation log."))
    item = type(item).objects.select_for_update().select_related("author").get(pk=item.pk)
    thread = (
        item
        if isinstance(item, Thread)
        else Thread.objects.select_related("community").get(pk=item.thread_id)
    )
    if isinstance(item, Reply):
        item.thread = thread
    else:
        item.community = Community.objects.get(pk=item.community_id)
    if action not in ITEM_ACTIONS[item.kind]:
        raise CommunityError(_("This action does not apply to this item."))
    if action == Action.SUSPEND:
        suspend_member(
            community=thread.community,
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
        _email_hidden(item, thread, reason)
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
        raise CommunityError(_("Give a reason: it goes in the moderation log."))
    if not days or days < 1:
        raise CommunityError(_("Say for how many days the member is suspended."))
    if member.pk == moderator.pk:
        raise CommunityError(_("You cannot suspend yourself."))
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
        raise CommunityError(_("Give a reason: it goes in the moderation log."))
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
