"""Assertions shared by tests of every app."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.guard_times import VisibleText


def count_queries(func, *args, **kwargs):
    """Run func and return (number of SQL queries it issued, its result)."""
    with CaptureQueriesContext(connection) as context:
        result = func(*args, **kwargs)
    return len(context.captured_queries), result


def assert_constant_queries(client, url, grow, *, status=200, before_each=None):
    """GET url, grow the data with grow(), GET again: both must issue the same number of queries.

    The N+1 guard every list page uses (pretalx's test_cards, Zulip's query counts). With
    before_each (e.g. nmc_portal.pagecache.clear), it runs before each counted GET: the page is counted
    as rendered afresh, not served from a cache.
    """
    client.get(url)  # warm per-process caches (content types, sessions)
    if before_each:
        before_each()
    small, response = count_queries(client.get, url)
    assert response.status_code == status
    grow()
    if before_each:
        before_each()
    large, response = count_queries(client.get, url)
    assert response.status_code == status
    assert small == large, f"{url}: {small} queries before growing the data, {large} after"
    return small


def page_text(html):
    """The text a reader sees on a page: tags dropped, runs of spaces (non-breaking too) made one space."""
    parser = VisibleText("en")
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(data for _language, data in parser.pieces).replace("\u00a0", " "))
