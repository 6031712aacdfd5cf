"""`make bench`: a discussion with 10,000 replies in the demo Engagement community, page 1 and the last page.

The thread is created once in the demo database (the one gunicorn serves) and reused on later runs.
Replies are numbered as communities.services.post_reply numbers them: positions 1..N under a lock
on the thread, with the thread's reply_count equal to the last position.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.benchmarks.harness import MINIMAL_PATH, measure, print_report, serve

REPLIES = 10_000
TITLE = "Benchmark: a discussion with 10,000 replies"
AUTHORS = ["manager@demo.gc.ca", "organizer@demo.gc.ca", "moderator@demo.gc.ca", "admin@demo.gc.ca"]
BATCH = 2_000


def ensure_long_thread():
    """The benchmark thread with REPLIES replies, created or completed idempotently.

    Dated two years back so that it sorts after the demo's real discussions.
    """
    from communities.models import Community, Reply, Thread
    from communities.queries import page_count
    from communities.sanitize import render_markdown
    from members.models import User

    community = Community.objects.get(slug="engagement")
    authors = list(User.objects.filter(email__in=AUTHORS).order_by("email"))
    long_ago = timezone.now() - timedelta(days=730)
    with transaction.atomic():
        thread, _created = Thread.objects.get_or_create(
            community=community,
            title=TITLE,
            defaults={
                "author": authors[0],
                "body": "A long discussion used by `make bench` to measure paging.",
                "body_html": render_markdown("A long discussion used by `make bench` to measure paging."),
                "language": "en",
            },
        )
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        start = thread.reply_count
        for first in range(start + 1, REPLIES + 1, BATCH):
            Reply.objects.bulk_create(
                Reply(
                    thread=thread,
                    author=authors[position % len(authors)],
                    body=f"Reply number {position}: what worked for my team.",
                    body_html=f"<p>Reply number {position}: what worked for my team.</p>",
                    language="en" if position % 3 else "fr",
                    position=position,
                )
                for position in range(first, min(first + BATCH, REPLIES + 1))
            )
        count = max(start, REPLIES)
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=count, created_at=long_ago, last_activity_at=long_ago
        )
        thread.reply_count = count
    return thread.get_absolute_url(), page_count(thread)


@pytest.fixture
def long_thread(django_db_blocker):
    """In the served (demo) database, not a test database: the benchmark needs gunicorn to see it."""
    with django_db_blocker.unblock():
        return ensure_long_thread()


def test_thread_pages_throughput(long_thread):
    url, last_page = long_thread
    with serve() as base_url:
        rows = [
            measure("minimal Django view", base_url + MINIMAL_PATH),
            measure("thread, page 1", base_url + url),
            measure(f"thread, last page ({last_page})", base_url + f"{url}?page={last_page}"),
        ]
    print_report(rows, title=f"Discussion with {REPLIES:,} replies against a minimal view")
    assert [row["failures"] for row in rows] == [0, 0, 0]  # a benchmark of error pages means nothing
