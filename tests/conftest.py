"""Shared fixtures: real PostgreSQL and Redis always; a real Chromium for browser tests."""

import os

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from nmc_portal import pagecache
from nmc_portal.typography import typography_faults
from tests.factories import UserFactory
from tests.french_guard import FRANCE_FRENCH
from tests.guard_times import raw_times_in_email
from tests.guard_typography import typography_faults_in_html

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytest_plugins = ["tests.browser.fixtures", "celery.contrib.pytest"]


@pytest.fixture(autouse=True)
def _clear_test_cache():
    """Rate limits live in the Redis cache, rendered pages in the process (nmc_portal.pagecache): start each
    test with none (test keys only)."""
    pagecache.clear()
    client = cache._cache.get_client(write=True)
    prefix = cache.make_key("")
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    yield


@pytest.fixture(autouse=True)
def _language_of_the_thread_reset():
    """Signing in activates the member's language for the rest of the thread (as a request would):
    each test starts from the default, whatever the previous one signed in as."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_france_french_in_emails():
    """Every French email a test sends says courriel, never e-mail (tests/french_guard.py), and follows
    the French typography (tests/guard_typography.py): its subject, and its HTML part where it has one
    (what members typed is marked there and skipped), else its text."""
    yield
    for message in mail.outbox:
        french = message.extra_headers.get("Content-Language") == "fr" or "Bonjour" in message.body
        if french:
            found = FRANCE_FRENCH.findall(message.subject + "\n" + message.body)
            assert found == [], f"France-French wording in the email {message.subject!r}: {found}"
            html = [
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ]
            faults = [str(fault) for fault in typography_faults(message.subject)]
            faults += (
                typography_faults_in_html(html[0]) if html else map(str, typography_faults(message.body))
            )
            assert faults == [], f"French typography in the email {message.subject!r}: {faults}"


@pytest.fixture(autouse=True)
def _no_raw_timestamps_in_emails():
    """Every email a test sends shows dates and times for people, never 2026-11-10 16:22 (and no 16:22 in
    French): the same rule as tests/guard_times.py's middleware for pages, on the text and the HTML."""
    yield
    for message in mail.outbox:
        found = raw_times_in_email(message)
        assert found == [], f"Raw timestamps in the email {message.subject!r}: {found}"


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
