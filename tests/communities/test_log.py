"""The moderation log is append-only: the portal, the admin, the ORM and raw SQL all refuse changes."""

import pytest
from django.db import DatabaseError, connection, transaction

from communities import services
from communities.models import AppendOnlyError, ModerationLog, PostStatus
from tests.communities.factories import ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(thread, moderator):
    services.moderate_item(item=thread, moderator=moderator, action="lock", reason="Heated")
    return ModerationLog.objects.get()


def test_log_entry_records_who_what_which_when_why(entry, thread, moderator):
    assert (
        entry.actor_id,
        entry.actor_name,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.reason,
    ) == (moderator.pk, "Mo Derator", "lock", "thread", thread.pk, "Heated")
    assert entry.target_label == "“Running good meetings”"
    assert entry.created_at is not None


def test_log_entry_save_after_creation_is_refused(entry):
    entry.reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert ModerationLog.objects.get().reason == "Heated"


def test_log_entry_delete_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert ModerationLog.objects.count() == 1


def test_log_queryset_update_is_refused_by_postgresql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationLog.objects.filter(pk=entry.pk).update(reason="Rewritten")
    assert ModerationLog.objects.get().reason == "Heated"


def test_log_queryset_delete_is_refused_by_postgresql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationLog.objects.all().delete()
    assert ModerationLog.objects.count() == 1


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE communities_moderationlog SET reason = 'Rewritten'",
        "DELETE FROM communities_moderationlog",
    ],
)
def test_log_raw_sql_update_or_delete_is_refused(entry, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert list(ModerationLog.objects.values_list("reason", flat=True)) == ["Heated"]


def test_log_deleting_the_moderator_account_keeps_the_entry(entry, moderator):
    moderator.delete()
    assert ModerationLog.objects.get().actor_name == "Mo Derator"


def test_log_admin_offers_no_change_or_delete(client, admin_user, entry):
    client.force_login(admin_user)
    change = client.get(f"/en/admin/communities/moderationlog/{entry.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert (
        client.post(f"/en/admin/communities/moderationlog/{entry.pk}/change/", {"reason": "x"}).status_code
        == 403
    )
    assert client.get(f"/en/admin/communities/moderationlog/{entry.pk}/delete/").status_code == 403
    assert (
        client.post(f"/en/admin/communities/moderationlog/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/en/admin/communities/moderationlog/add/").status_code == 403
    assert ModerationLog.objects.get().reason == "Heated"


def test_log_portal_has_no_edit_or_delete_url(client, moderator, entry):
    client.force_login(moderator)
    page = client.get("/en/communities/engagement/moderation/log/").content.decode()
    assert "Heated" in page
    assert client.post("/en/communities/engagement/moderation/log/", {"reason": "x"}).status_code == 405


def test_the_admin_cannot_change_a_threads_moderation_state_outside_the_queue(client, admin_user):
    """Status, pin and lock change only through the moderation queue, which writes the log."""
    thread = ThreadFactory(title="Leave me visible")
    client.force_login(admin_user)
    url = f"/en/admin/communities/thread/{thread.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    data = {
        "community": thread.community_id,
        "author": thread.author_id,
        "title": "Leave me visible",
        "body": thread.body,
        "language": "en",
        "status": "removed",
        "pinned": "on",
        "locked": "on",
        "created_at_0": "2026-01-01",
        "created_at_1": "10:00:00",
    }
    client.post(url, data)
    thread.refresh_from_db()
    assert (thread.status, thread.pinned, thread.locked) == (PostStatus.VISIBLE, False, False)
    assert ModerationLog.objects.count() == 0
