from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from communities import services
from communities.models import (
    Membership,
    MembershipStatus,
    ModerationLog,
    PostStatus,
    Reply,
    Report,
    Role,
    Suspension,
    Thread,
)
from tests.factories import UserFactory
from tests.helpers import page_text

from .factories import CommunityFactory, ThreadFactory, add_replies, member_of
from .outbox import send_queued

pytestmark = pytest.mark.django_db


def url(thread, suffix=""):
    return f"/en/communities/{thread.community.slug}/threads/{thread.pk}/{suffix}"


def test_community_list_shows_names_and_member_counts(client, community, author, moderator):
    CommunityFactory(slug="coaching", name_en="Coaching")
    response = client.get("/en/communities/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Engagement" in page and "Coaching" in page
    assert "2 members" in page and "0 members" in page


def test_community_list_in_french_shows_french_names(client, community):
    page = client.get("/fr/communautes/").content.decode()
    assert "Mobilisation" in page
    assert '<html lang="fr">' in page


def test_community_page_shows_description_count_and_pinned_thread_first(client, community, author):
    older = ThreadFactory(community=community, author=author, title="Pinned welcome", pinned=True)
    ThreadFactory(community=community, author=author, title="Newest question")
    Thread.objects.filter(pk=older.pk).update(last_activity_at=timezone.now() - timedelta(days=9))
    page = client.get("/en/communities/engagement/").content.decode()
    assert "Managers who help each other." in page
    assert page.index("Pinned welcome") < page.index("Newest question")


def test_community_page_hides_hidden_threads_from_other_members(client, community, author):
    ThreadFactory(community=community, author=author, title="Hidden spam", status=PostStatus.HIDDEN)
    assert "Hidden spam" not in client.get("/en/communities/engagement/").content.decode()


def test_members_only_community_page_shows_description_but_not_threads(client, private_community):
    ThreadFactory(community=private_community, title="Private matter")
    page = client.get("/en/communities/coaching/").content.decode()
    assert "Managers who help each other." in page
    assert "Private matter" not in page
    assert "visible to its members only" in page


def test_join_open_community_by_post_makes_member(client, community):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/communities/engagement/join/")
    assert response.status_code == 302
    assert Membership.objects.get(member=user).status == MembershipStatus.ACTIVE


def test_join_approval_community_sends_request_with_message(client, private_community):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/communities/coaching/join/", {"message": "I lead a coaching circle."}, follow=True
    )
    row = Membership.objects.get(member=user)
    assert (row.status, row.request_message) == (MembershipStatus.PENDING, "I lead a coaching circle.")
    assert "Your request was sent." in response.content.decode()


def test_join_with_too_long_message_answers_400_next_to_field(client, private_community):
    client.force_login(UserFactory())
    response = client.post("/en/communities/coaching/join/", {"message": "x" * 1001})
    assert response.status_code == 400
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    assert Membership.objects.count() == 0


def test_leave_community_by_post_removes_membership(client, community, author):
    client.force_login(author)
    response = client.post("/en/communities/engagement/leave/")
    assert response.status_code == 302
    assert Membership.objects.filter(member=author).exists() is False


def test_start_thread_by_post_creates_thread_and_redirects(client, community, author):
    client.force_login(author)
    response = client.post(
        "/en/communities/engagement/threads/new/",
        {"title": "Hybrid meetings", "body": "Tips? <img src=x onerror=alert(1)>", "language": "en"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/communities/engagement/threads/{thread.pk}/"
    assert thread.body_html == "<p>Tips? </p>"


def test_start_thread_without_title_answers_400_and_keeps_the_text(client, community, author):
    client.force_login(author)
    response = client.post(
        "/en/communities/engagement/threads/new/", {"title": "", "body": "My long message", "language": "en"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "My long message" in page
    assert 'id="id_title_error"' in page or "This field is required." in page
    assert Thread.objects.count() == 0


def test_thread_page_renders_markdown_and_language(client, thread):
    Thread.objects.filter(pk=thread.pk).update(language="fr")
    page = client.get(url(thread)).content.decode()
    assert (
        '<div class="post-body" lang="fr" data-typed>'
        "<p>How do you run <strong>good</strong> meetings?</p></div>" in page
    )


def test_post_reply_by_post_adds_reply_and_redirects_to_it(client, thread, author):
    client.force_login(author)
    response = client.post(url(thread, "reply/"), {"body": "Agenda first.", "language": "en"})
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(thread) + f"?page=1#reply-{reply.pk}"


def test_post_empty_reply_answers_400_with_error(client, thread, author):
    client.force_login(author)
    response = client.post(url(thread, "reply/"), {"body": "   ", "language": "en"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Reply.objects.count() == 0


def test_thread_page_when_locked_shows_notice_and_no_reply_form(client, thread, author):
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(author)
    page = client.get(url(thread)).content.decode()
    assert "This discussion is locked: it is read-only." in page
    assert "Post my reply" not in page
    assert client.post(url(thread, "reply/"), {"body": "x", "language": "en"}).status_code == 403


def test_thread_page_quote_prefills_reply_with_quoted_text(client, thread, author):
    reply = services.post_reply(thread=thread, author=author, body="Keep it short.", language="en")
    client.force_login(author)
    page = client.get(url(thread) + f"?quote={reply.pk}").content.decode()
    assert "&gt; **Ada Author:**\n&gt;\n&gt; Keep it short." in page


def test_thread_page_paging_shows_the_right_replies(client, thread):
    add_replies(thread, 120)
    page = client.get(url(thread) + "?page=3").content.decode()
    assert "<p>Reply 101</p>" in page and "<p>Reply 120</p>" in page
    assert "<p>Reply 100</p>" not in page
    assert client.get(url(thread) + "?page=4").status_code == 404


def test_thread_page_shows_edited_marker(client, thread, author):
    services.edit_post(post=thread, editor=author, body="Changed")
    assert '<span class="post-edited">edited' in client.get(url(thread)).content.decode()


def test_edit_post_after_window_answers_403(client, thread, author):
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(hours=2))
    client.force_login(author)
    assert client.get(url(thread, "edit/")).status_code == 403


def test_edit_own_reply_by_post_saves(client, thread, author):
    reply = services.post_reply(thread=thread, author=author, body="tpyo", language="en")
    client.force_login(author)
    response = client.post(
        f"/en/communities/engagement/replies/{reply.pk}/edit/", {"body": "typo", "language": "en"}
    )
    assert response.status_code == 302
    assert Reply.objects.get(pk=reply.pk).body == "typo"


def test_report_thread_by_post_saves_and_tells_reporter(client, thread, community):
    reporter = member_of(community)
    client.force_login(reporter)
    response = client.post(url(thread, "report/"), {"reason": "spam", "text": ""}, follow=True)
    page = response.content.decode()
    assert Report.objects.get().reporter_id == reporter.pk
    assert "Thank you: your report was received. A moderator will review it." in page
    assert "You reported this post." in page


def test_report_with_other_and_no_text_answers_400_next_to_field(client, thread, community):
    client.force_login(member_of(community))
    response = client.post(url(thread, "report/"), {"reason": "other", "text": ""})
    assert response.status_code == 400
    assert "Tell the moderators what is wrong." in response.content.decode()
    assert Report.objects.count() == 0


def test_report_twice_answers_400_already_reported(client, thread, community):
    reporter = member_of(community)
    services.report_item(item=thread, reporter=reporter, reason="spam")
    client.force_login(reporter)
    response = client.post(url(thread, "report/"), {"reason": "spam"})
    assert response.status_code == 400
    assert "You already reported this post." in response.content.decode()


def test_hidden_thread_shows_notice_with_reason_to_author_and_placeholder_to_others(
    client, thread, author, moderator
):
    services.moderate_item(item=thread, moderator=moderator, action="hide", reason="Off topic here")
    client.force_login(author)
    page = client.get(url(thread)).content.decode()
    assert "Your post was hidden by a moderator." in page
    assert "Reason: Off topic here" in page
    client.force_login(member_of(thread.community))
    page = client.get(url(thread)).content.decode()
    assert "This post was hidden by a moderator." in page
    assert "good</strong> meetings" not in page


def test_moderation_queue_groups_reports_by_item_oldest_first(client, community, thread, moderator):
    second = ThreadFactory(community=community, title="Second item")
    reporters = [member_of(community) for _ in range(2)]
    services.report_item(item=thread, reporter=reporters[0], reason="spam")
    services.report_item(item=second, reporter=reporters[0], reason="off_topic")
    services.report_item(item=thread, reporter=reporters[1], reason="harassment")
    client.force_login(moderator)
    page = client.get("/en/communities/engagement/moderation/").content.decode()
    assert page.index("Running good meetings") < page.index("Second item")
    assert "2 reports" in page and "1 report" in page


def test_moderate_thread_by_post_hides_and_emails(client, thread, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/en/communities/engagement/moderation/threads/{thread.pk}/",
        {f"thread-{thread.pk}-action": "hide", f"thread-{thread.pk}-reason": "Spam link"},
    )
    assert response.status_code == 302
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.HIDDEN
    assert [m.to for m in send_queued()] == [[thread.author.email]]


def test_moderate_thread_without_reason_answers_400_next_to_field(client, thread, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/en/communities/engagement/moderation/threads/{thread.pk}/",
        {f"thread-{thread.pk}-action": "hide", f"thread-{thread.pk}-reason": ""},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert ModerationLog.objects.count() == 0


def test_moderate_suspend_without_days_answers_400(client, thread, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/en/communities/engagement/moderation/threads/{thread.pk}/",
        {f"thread-{thread.pk}-action": "suspend", f"thread-{thread.pk}-reason": "Abuse"},
    )
    assert response.status_code == 400
    assert "Say for how many days the member is suspended." in response.content.decode()


def test_decide_request_by_post_accepts(client, private_community):
    from communities.models import Role

    moderator = member_of(private_community, role=Role.MODERATOR)
    request = services.join_community(community=private_community, member=UserFactory())
    client.force_login(moderator)
    response = client.post(
        f"/en/communities/coaching/moderation/requests/{request.pk}/",
        {f"request-{request.pk}-decision": "accept"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE
    assert len(send_queued()) == 1


def test_suspended_member_sees_until_when_on_thread_and_new_thread_pages(client, thread, author, moderator):
    suspension = services.suspend_member(
        community=thread.community, member=author, moderator=moderator, days=5, reason="Cool down"
    )
    # Until 20:05 UTC on 1 December 2040: 3:05 p.m. in the portal's zone (Eastern), said so.
    Suspension.objects.filter(pk=suspension.pk).update(until=datetime(2040, 12, 1, 20, 5, tzinfo=UTC))
    client.force_login(author)
    page = page_text(client.get(url(thread)).content.decode())
    until = "December 1, 2040, 3:05 p.m. EST"
    assert f"You are suspended from this community until {until}: you cannot post or report." in page
    with translation.override("fr"):
        french_url = thread.get_absolute_url()
    french = page_text(client.get(french_url).content.decode())
    assert "jusqu'au 1er décembre 2040 à 15 h 05 HNE" in french
    response = client.get("/en/communities/engagement/threads/new/")
    assert response.status_code == 403
    assert f"until {until}" in page_text(response.content.decode())


def test_lift_suspension_by_post(client, community, author, moderator):
    suspension = services.suspend_member(
        community=community, member=author, moderator=moderator, days=5, reason="x"
    )
    client.force_login(moderator)
    response = client.post(
        f"/en/communities/engagement/moderation/suspensions/{suspension.pk}/lift/",
        {f"suspension-{suspension.pk}-reason": "Apologized"},
    )
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None


def test_log_csv_export_lists_entries_and_neutralizes_formulas(client, thread, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="lock", reason='=HYPERLINK("x")')
    client.force_login(moderator)
    response = client.get("/en/communities/engagement/moderation/log.csv")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # A byte-order mark first, so spreadsheets read UTF-8 (the curly quotes, French accents).
    assert lines[0] == "\ufeffwhen,community,by,action,item_type,item_id,item,reason"
    assert lines[1].endswith(
        f',engagement,Mo Derator,lock,thread,{thread.pk},“Running good meetings”,"\'=HYPERLINK(""x"")"'
    )


def test_log_csv_export_neutralizes_a_command_in_a_reason(client, thread, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="lock", reason="=cmd|' /C calc'!A0")
    client.force_login(moderator)
    response = client.get("/en/communities/engagement/moderation/log.csv")
    lines = response.content.decode().splitlines()
    # Quoted as text, and the pipe that would call another program escaped (defusedcsv).
    assert lines[1].split(",", 1)[1] == (
        f"engagement,Mo Derator,lock,thread,{thread.pk},“Running good meetings”,'=cmd\\|' /C calc'!A0"
    )


def test_all_logs_for_moderator_shows_only_their_communities(
    client, community, thread, moderator, admin_user
):
    other = CommunityFactory(slug="other", name_en="Other")
    other_thread = ThreadFactory(community=other, title="Elsewhere")
    services.moderate_item(item=thread, moderator=moderator, action="lock", reason="Mine")
    services.moderate_item(item=other_thread, moderator=admin_user, action="lock", reason="Theirs")
    client.force_login(moderator)
    page = client.get("/en/communities/moderation-log/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    client.force_login(admin_user)
    page = client.get("/en/communities/moderation-log/").content.decode()
    assert "Mine" in page and "Theirs" in page


def test_hidden_thread_offers_its_author_no_reply_form(client, thread, author, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="hide", reason="Spam")
    client.force_login(author)
    assert "Post my reply" not in client.get(url(thread)).content.decode()
    assert client.post(url(thread, "reply/"), {"body": "x", "language": "en"}).status_code == 403
    assert Reply.objects.count() == 0


@pytest.mark.parametrize("action", ["remove", "hide"])
def test_a_removed_or_hidden_thread_shows_no_reply_nor_quote_of_it_to_anyone_else(
    client, community, thread, author, moderator, action
):
    replier = member_of(community, full_name="Quinn Quoter")
    quoted = "> Ada Author wrote:\n> How do you run **good** meetings?\n\nSecret-sauce answer"
    reply = services.post_reply(thread=thread, author=replier, body=quoted, language="en")
    services.moderate_item(item=thread, moderator=moderator, action=action, reason="Not for here")
    for viewer in (None, member_of(community), replier):
        client.logout()
        if viewer:
            client.force_login(viewer)
        page = client.get(url(thread))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Secret-sauce answer" not in html and "good</strong> meetings" not in html
        for suffix in (f"?quote={reply.pk}", "?page=2"):
            assert "Secret-sauce" not in client.get(url(thread, suffix)).content.decode()
        assert client.get(f"/en/communities/engagement/replies/{reply.pk}/report/").status_code in (302, 404)
        assert client.get(f"/en/communities/engagement/replies/{reply.pk}/edit/").status_code in (302, 404)
    client.force_login(moderator)
    assert "Secret-sauce answer" in client.get(url(thread)).content.decode()


# Moderation without slips: named controls, remove and suspend confirmed, each acted on once -------


def test_moderation_queue_names_each_control_after_its_item(client, community, thread, moderator):
    reply = services.post_reply(thread=thread, author=member_of(community), body="Buy now", language="en")
    services.report_item(item=thread, reporter=member_of(community), reason="spam")
    services.report_item(item=reply, reporter=member_of(community), reason="spam")
    client.force_login(moderator)
    html = client.get("/en/communities/engagement/moderation/").content.decode()
    for name in ("Discussion “Running good meetings”", f"Reply {reply.position} in “Running good meetings”"):
        assert (
            f'<span aria-hidden="true">Action</span><span class="sr-only">Action for: {name}</span>' in html
        )
        assert f'<span class="sr-only">Reason for: {name}</span>' in html
        assert f'<span class="sr-only">Suspension length in days for: {name}</span>' in html
        assert (
            f'<span aria-hidden="true">Apply</span><span class="sr-only">Apply to: {name}</span></button>'
            in html
        )
    french = client.get("/fr/communautes/engagement/moderation/").content.decode()
    assert (
        '<span class="sr-only">Appliquer à\u00a0: Discussion «\u00a0'
        '<span lang="en">Running good meetings</span>\u00a0»</span></button>' in french
    )


def moderate(
    client, item, kind, action, *, confirmed=False, token="6f1c9a52-0d1e-4b0e-9a53-2f4f0c6f7a10", **extra
):
    path = "threads" if kind == "thread" else "replies"
    prefix = f"{kind}-{item.pk}"
    data = {
        f"{prefix}-action": action,
        f"{prefix}-reason": "Spam <b>again</b>",
        f"{prefix}-submission": token,
    }
    data.update({f"{prefix}-{name}": value for name, value in extra.items()})
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(f"/en/communities/engagement/moderation/{path}/{item.pk}/", data)


def test_remove_a_reply_asks_first_and_changes_nothing(client, community, thread, moderator):
    reply = services.post_reply(thread=thread, author=member_of(community), body="Buy now", language="en")
    send_queued().clear()  # the thread's author was told of the reply: sent, out of the way
    client.force_login(moderator)
    response = moderate(client, reply, "reply", "remove")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Remove this reply?</h1>" in html
    assert f"Reply {reply.position} in “Running good meetings”" in html
    assert "No one will see it any more, not even its author; only moderators still can." in html
    assert "<span data-typed>Spam &lt;b&gt;again&lt;/b&gt;</span>" in html
    assert f'<input type="hidden" name="reply-{reply.pk}-action" value="remove"' in html
    assert '<input type="hidden" name="confirmed" value="yes">' in html
    assert '<button type="submit" class="button-danger">Confirm the removal</button>' in html
    assert '<a href="/en/communities/engagement/moderation/">Cancel</a>' in html
    assert Reply.objects.get(pk=reply.pk).status == PostStatus.VISIBLE
    assert ModerationLog.objects.count() == 0
    assert send_queued() == []


def test_remove_confirmed_twice_removes_once_logs_once_and_emails_once(client, community, thread, moderator):
    reply = services.post_reply(thread=thread, author=member_of(community), body="Buy now", language="en")
    send_queued().clear()  # the thread's author was told of the reply: sent, out of the way
    client.force_login(moderator)
    responses = [moderate(client, reply, "reply", "remove", confirmed=True) for _ in range(2)]
    assert [(r.status_code, r["Location"]) for r in responses] == [
        (302, "/en/communities/engagement/moderation/")
    ] * 2
    assert Reply.objects.get(pk=reply.pk).status == PostStatus.REMOVED
    assert list(ModerationLog.objects.values_list("action", "reason")) == [("remove", "Spam <b>again</b>")]
    assert [message.to for message in send_queued()] == [[reply.author.email]]


def test_suspend_asks_first_then_suspends_once(client, thread, author, moderator):
    client.force_login(moderator)
    response = moderate(client, thread, "thread", "suspend", suspend_days="3")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Suspend Ada Author?</h1>" in html
    assert "They will not be able to post in this community for 3 days, until" in html
    assert '<button type="submit" class="button-danger">Confirm the suspension</button>' in html
    assert not Suspension.objects.exists()
    responses = [
        moderate(client, thread, "thread", "suspend", confirmed=True, suspend_days="3") for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [302, 302]
    suspension = Suspension.objects.get()
    assert (suspension.member, suspension.created_by) == (author, moderator)
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["suspend"]


def test_hide_applies_at_once_and_a_double_submit_hides_once(client, thread, moderator):
    client.force_login(moderator)
    responses = [moderate(client, thread, "thread", "hide") for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.HIDDEN
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["hide"]
    assert len(send_queued()) == 1


@pytest.mark.parametrize("confirmed", [False, True])
def test_remove_by_a_member_who_does_not_moderate_is_refused_and_changes_nothing(
    client, community, thread, confirmed
):
    client.force_login(member_of(community))
    response = moderate(client, thread, "thread", "remove", confirmed=confirmed)
    assert response.status_code == 404  # moderation pages are not known to exist for other members
    assert Thread.objects.get(pk=thread.pk).status == PostStatus.VISIBLE
    assert ModerationLog.objects.count() == 0


def test_moderation_queue_names_join_requests_and_suspensions_after_the_member(client, private_community):
    moderator = member_of(private_community, role=Role.MODERATOR)
    joiner = UserFactory(full_name="Jordan Lee")
    services.join_community(community=private_community, member=joiner)
    suspended = member_of(private_community, full_name="Sam <Spammer>")
    services.suspend_member(
        community=private_community, member=suspended, moderator=moderator, days=3, reason="Spam"
    )
    client.force_login(moderator)
    html = client.get("/en/communities/coaching/moderation/").content.decode()
    assert (
        '<span aria-hidden="true">Decision</span><span class="sr-only">Decision for: Jordan Lee</span>'
        in html
    )
    assert '<span class="sr-only">Message to Jordan Lee (optional)</span>' in html
    assert '<span class="sr-only">Reason for lifting the suspension of Sam &lt;Spammer&gt;</span>' in html
    assert '<span class="sr-only">Lift the suspension of Sam &lt;Spammer&gt;</span></button>' in html


def test_a_refused_confirmation_says_why_and_records_nothing(client, community, moderator):
    own = ThreadFactory(community=community, author=moderator, title="Mine")
    client.force_login(moderator)
    response = moderate(client, own, "thread", "suspend", confirmed=True, suspend_days="3")
    assert response.status_code == 400
    assert "You cannot suspend yourself." in response.content.decode()
    assert not Suspension.objects.exists()
    assert ModerationLog.objects.count() == 0
