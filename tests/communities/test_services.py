from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from communities import services
from communities.models import (
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
from nmc_portal.errors import DomainError
from tests.factories import UserFactory

from .factories import CommunityFactory, ThreadFactory, member_of
from .outbox import send_queued

pytestmark = pytest.mark.django_db


def test_join_community_when_open_makes_an_active_member(community):
    user = UserFactory()
    membership = services.join_community(community=community, member=user, message="ignored")
    row = Membership.objects.get(community=community, member=user)
    assert (row.pk, row.status, row.request_message) == (membership.pk, MembershipStatus.ACTIVE, "")


def test_join_community_when_approval_makes_a_pending_request_with_message(private_community):
    user = UserFactory()
    services.join_community(community=private_community, member=user, message=" I coach a team. ")
    row = Membership.objects.get(community=private_community, member=user)
    assert (row.status, row.request_message, row.joined_at) == (
        MembershipStatus.PENDING,
        "I coach a team.",
        None,
    )


def test_join_community_twice_keeps_one_row(private_community):
    user = UserFactory()
    services.join_community(community=private_community, member=user)
    services.join_community(community=private_community, member=user)
    assert Membership.objects.filter(member=user).count() == 1


def test_decide_join_request_when_accepted_activates_and_emails_in_member_language(private_community):
    moderator = member_of(private_community, role=Role.MODERATOR)
    user = UserFactory(preferred_language="fr", full_name="Claire Roy")
    request = services.join_community(community=private_community, member=user)
    services.decide_join_request(membership=request, moderator=moderator, accept=True, message="Bienvenue")
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE
    assert len(send_queued()) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert email.subject == "Bienvenue dans Coaching"
    assert "Votre demande d'adhésion à Coaching a été acceptée." in email.body
    assert "Bienvenue" in email.alternatives[0][0]
    assert "/fr/communautes/coaching/" in email.body
    log = ModerationLog.objects.get()
    assert (log.action, log.actor_id, log.target_id) == ("accept", moderator.pk, user.pk)


def test_decide_join_request_when_declined_deletes_request_and_emails(private_community):
    moderator = member_of(private_community, role=Role.MODERATOR)
    user = UserFactory()
    request = services.join_community(community=private_community, member=user)
    services.decide_join_request(membership=request, moderator=moderator, accept=False, message="Full")
    assert Membership.objects.filter(member=user).exists() is False
    assert [m.subject for m in send_queued()] == ["Your request to join Coaching"]
    assert "was declined by its moderators" in mail.outbox[0].body
    assert "Full" in mail.outbox[0].body


def test_decide_join_request_when_already_decided_is_refused(private_community):
    moderator = member_of(private_community, role=Role.MODERATOR)
    request = services.join_community(community=private_community, member=UserFactory())
    services.decide_join_request(membership=request, moderator=moderator, accept=True)
    with pytest.raises(DomainError):
        services.decide_join_request(membership=request, moderator=moderator, accept=True)


def test_leave_community_deletes_the_membership(community, author):
    assert services.leave_community(community=community, member=author) is True
    assert Membership.objects.filter(member=author).count() == 0


def test_start_thread_when_member_stores_sanitized_html(community, author):
    thread = services.start_thread(
        community=community,
        author=author,
        title=" Hello ",
        body="Hi <script>x</script>**all**",
        language="fr",
    )
    row = Thread.objects.get(pk=thread.pk)
    assert (row.title, row.body_html, row.language) == ("Hello", "<p>Hi <strong>all</strong></p>", "fr")


def test_start_thread_when_not_member_is_refused(community):
    with pytest.raises(DomainError):
        services.start_thread(community=community, author=UserFactory(), title="t", body="b", language="en")
    assert Thread.objects.count() == 0


def test_post_reply_numbers_replies_and_counts_them(thread, author):
    first = services.post_reply(thread=thread, author=author, body="one", language="en")
    second = services.post_reply(thread=thread, author=author, body="two", language="en")
    thread.refresh_from_db()
    assert (first.position, second.position, thread.reply_count) == (1, 2, 2)


def test_post_reply_when_thread_locked_is_refused(thread, author):
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    with pytest.raises(DomainError, match="locked"):
        services.post_reply(thread=thread, author=author, body="x", language="en")
    assert Reply.objects.count() == 0


def test_post_reply_when_suspended_says_until_when(thread, author, moderator):
    suspension = services.suspend_member(
        community=thread.community, member=author, moderator=moderator, days=7, reason="Spam"
    )
    # 02:30 UTC on 1 July 2040 is 10:30 p.m. on 30 June in Toronto (daylight time): the portal's day and zone.
    Suspension.objects.filter(pk=suspension.pk).update(until=datetime(2040, 7, 1, 2, 30, tzinfo=UTC))
    with pytest.raises(DomainError) as error:
        services.post_reply(thread=thread, author=author, body="x", language="en")
    assert (
        str(error.value) == "You are suspended from this community until June 30, 2040, 10:30\u00a0p.m. EDT: "
        "you cannot post or report."
    )


def test_edit_post_within_window_marks_edited(thread, author):
    services.edit_post(post=thread, editor=author, body="*new*", title="New title")
    thread.refresh_from_db()
    assert (thread.title, thread.body_html, thread.edited_at is not None) == (
        "New title",
        "<p><em>new</em></p>",
        True,
    )


def test_edit_post_after_window_is_refused(thread, author, settings):
    settings.COMMUNITY_EDIT_WINDOW_MINUTES = 10
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    with pytest.raises(DomainError, match="time to edit"):
        services.edit_post(post=thread, editor=author, body="late")
    assert Thread.objects.get(pk=thread.pk).body == "How do you run **good** meetings?"


def test_edit_post_by_someone_else_is_refused(thread, moderator):
    with pytest.raises(DomainError):
        services.edit_post(post=thread, editor=moderator, body="mine now")


def test_report_item_stores_a_snapshot_that_later_edits_do_not_change(thread, author, community):
    reporter = member_of(community)
    report = services.report_item(item=thread, reporter=reporter, reason="spam", text="")
    services.edit_post(post=thread, editor=author, body="innocent now")
    report.refresh_from_db()
    assert report.snapshot == "Running good meetings\n\nHow do you run **good** meetings?"
    assert (report.reason, report.status, report.reply_id) == ("spam", ReportStatus.OPEN, None)


def test_report_item_twice_by_the_same_member_is_refused(thread, community):
    reporter = member_of(community)
    services.report_item(item=thread, reporter=reporter, reason="spam")
    with pytest.raises(DomainError, match="already reported"):
        services.report_item(item=thread, reporter=reporter, reason="other", text="again")
    assert Report.objects.count() == 1


def test_report_item_when_other_without_text_is_refused(thread, community):
    with pytest.raises(DomainError):
        services.report_item(item=thread, reporter=member_of(community), reason="other", text="  ")
    assert Report.objects.count() == 0


def test_report_item_own_post_is_refused(thread, author):
    with pytest.raises(DomainError):
        services.report_item(item=thread, reporter=author, reason="spam")


def test_report_item_below_threshold_leaves_content_visible(thread, community, settings):
    settings.COMMUNITY_AUTO_HIDE_REPORTS = 3
    for _ in range(2):
        services.report_item(item=thread, reporter=member_of(community), reason="spam")
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.VISIBLE
    assert ModerationLog.objects.count() == 0


def test_report_item_at_threshold_hides_content_logs_and_tells_author(thread, community, settings):
    settings.COMMUNITY_AUTO_HIDE_REPORTS = 3
    for _ in range(3):
        services.report_item(item=thread, reporter=member_of(community), reason="harassment")
    thread.refresh_from_db()
    assert thread.status == PostStatus.AUTO_HIDDEN
    assert thread.moderation_reason == "Hidden automatically after 3 reports, until a moderator reviews it."
    log = ModerationLog.objects.get()
    assert (log.action, log.actor_id, log.actor_name, log.target_type) == (
        "auto_hide",
        None,
        "Automatic",
        "thread",
    )
    assert [m.to for m in send_queued()] == [[thread.author.email]]
    assert "Hidden automatically after 3 reports" in mail.outbox[0].body


def test_report_item_with_threshold_setting_of_one_hides_at_first_report(thread, community, settings):
    settings.COMMUNITY_AUTO_HIDE_REPORTS = 1
    reply = services.post_reply(thread=thread, author=thread.author, body="r", language="en")
    services.report_item(item=reply, reporter=member_of(community), reason="spam")
    assert Reply.objects.get(pk=reply.pk).status == PostStatus.AUTO_HIDDEN
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.VISIBLE


def test_report_item_when_suspended_is_refused(thread, community, moderator):
    reporter = member_of(community)
    services.suspend_member(community=community, member=reporter, moderator=moderator, days=1, reason="x")
    with pytest.raises(DomainError, match="suspended"):
        services.report_item(item=thread, reporter=reporter, reason="spam")


def test_moderate_item_hide_resolves_reports_logs_and_emails_reason(thread, community, moderator):
    services.report_item(item=thread, reporter=member_of(community), reason="spam")
    services.moderate_item(item=thread, moderator=moderator, action="hide", reason="Advertising")
    thread.refresh_from_db()
    assert (thread.status, thread.moderation_reason) == (PostStatus.HIDDEN, "Advertising")
    assert list(Report.objects.values_list("status", flat=True)) == [ReportStatus.RESOLVED]
    log = ModerationLog.objects.get()
    assert (log.actor_id, log.action, log.target_id, log.reason) == (
        moderator.pk,
        "hide",
        thread.pk,
        "Advertising",
    )
    assert len(send_queued()) == 1
    assert mail.outbox[0].subject == "A moderator hid your post"
    assert "Reason: Advertising" in mail.outbox[0].body


def test_moderate_item_without_reason_is_refused(thread, moderator):
    with pytest.raises(DomainError, match="reason"):
        services.moderate_item(item=thread, moderator=moderator, action="hide", reason="  ")
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.VISIBLE
    assert ModerationLog.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("lock", "locked", True), ("pin", "pinned", True), ("remove", "status", PostStatus.REMOVED)],
)
def test_moderate_item_thread_actions_change_the_thread(thread, moderator, action, field, value):
    services.moderate_item(item=thread, moderator=moderator, action=action, reason="Because")
    assert getattr(Thread.objects.get(pk=thread.pk), field) == value
    assert ModerationLog.objects.get().action == action


def test_moderate_item_unlock_and_unpin_reverse_lock_and_pin(thread, moderator):
    for action in ("lock", "pin", "unlock", "unpin"):
        services.moderate_item(item=thread, moderator=moderator, action=action, reason="r")
    thread.refresh_from_db()
    assert (thread.locked, thread.pinned) == (False, False)
    assert list(ModerationLog.objects.order_by("id").values_list("action", flat=True)) == [
        "lock",
        "pin",
        "unlock",
        "unpin",
    ]


def test_moderate_item_restore_makes_hidden_content_visible(thread, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="hide", reason="r")
    services.moderate_item(item=thread, moderator=moderator, action="restore", reason="Appeal accepted")
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.VISIBLE


def test_moderate_item_dismiss_restores_auto_hidden_content(thread, community, moderator, settings):
    settings.COMMUNITY_AUTO_HIDE_REPORTS = 1
    services.report_item(item=thread, reporter=member_of(community), reason="spam")
    services.moderate_item(item=thread, moderator=moderator, action="dismiss", reason="Not spam")
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.VISIBLE
    assert list(Report.objects.values_list("status", flat=True)) == [ReportStatus.DISMISSED]


def test_moderate_item_lock_on_reply_is_refused(thread, author, moderator):
    reply = services.post_reply(thread=thread, author=author, body="r", language="en")
    with pytest.raises(DomainError):
        services.moderate_item(item=reply, moderator=moderator, action="lock", reason="r")


def test_moderate_item_suspend_suspends_author_for_the_period(thread, author, moderator):
    before = timezone.now()
    services.moderate_item(
        item=thread, moderator=moderator, action="suspend", reason="Abuse", suspend_days=14
    )
    suspension = Suspension.objects.get()
    assert suspension.member_id == author.pk
    assert before + timedelta(days=14) <= suspension.until <= timezone.now() + timedelta(days=14)
    assert ModerationLog.objects.get().action == "suspend"


def test_lift_suspension_lets_the_member_post_again(thread, author, moderator):
    suspension = services.suspend_member(
        community=thread.community, member=author, moderator=moderator, days=3, reason="x"
    )
    services.lift_suspension(suspension=suspension, moderator=moderator, reason="Apologized")
    thread.community.__dict__.pop("_suspension_cache", None)
    reply = services.post_reply(thread=thread, author=author, body="back", language="en")
    assert reply.position == 1
    assert list(ModerationLog.objects.order_by("id").values_list("action", flat=True)) == ["suspend", "lift"]


def test_suspension_in_one_community_does_not_apply_in_another(community, private_community, moderator):
    member = member_of(community)
    MembershipFactory = Membership.objects.create
    MembershipFactory(community=private_community, member=member, status=MembershipStatus.ACTIVE)
    services.suspend_member(community=community, member=member, moderator=moderator, days=3, reason="x")
    thread = services.start_thread(
        community=private_community, author=member, title="t", body="b", language="en"
    )
    assert thread.pk is not None


def test_suspension_survives_leaving_and_rejoining(community, author, moderator):
    services.suspend_member(community=community, member=author, moderator=moderator, days=3, reason="x")
    services.leave_community(community=community, member=author)
    services.join_community(community=community, member=author)
    with pytest.raises(DomainError, match="suspended"):
        services.start_thread(community=community, author=author, title="t", body="b", language="en")


def test_membership_of_one_community_does_not_let_a_member_post_in_another(author):
    other = CommunityFactory()
    with pytest.raises(DomainError, match="Join this community"):
        services.start_thread(community=other, author=author, title="t", body="b", language="en")
    with pytest.raises(DomainError, match="Join this community"):
        services.post_reply(thread=ThreadFactory(community=other), author=author, body="b", language="en")
    assert not Thread.objects.filter(author=author).exists()
