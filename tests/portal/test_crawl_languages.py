"""Every page the demo reaches, as each role, from /fr/ and from /en/: no server error, no English
interface text on a French page (nor French on an English one), no "e-mail", no raw ISO timestamp.

The crawl follows same-site links breadth-first from the language's home page, as a person clicking
through would, with the demo data loaded once for the module. It leaves out signing out, downloads
(exports, calendars, feeds, CSV, JSON), the Django admin beyond its index pages, more than one query string
per path and more than a few pages of the same shape (/sessions/1/, /sessions/2/...).
"""

import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import User
from tests.french_guard import france_french_in
from tests.guard_english import english_in_french, french_in_english
from tests.guard_times import raw_times_in

ROLES = {
    "anonymous": None,
    "member": "manager@demo.gc.ca",
    "organizer": "organizer@demo.gc.ca",
    "moderator": "moderator@demo.gc.ca",
    "staff": "admin@demo.gc.ca",
}
PAGES_PER_ROLE = 250
SAME_SHAPE = 3  # pages per shape of address (digits and uuids made alike)
LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]+)\"", re.IGNORECASE)
DOWNLOAD = re.compile(
    r"\.(ics|csv|json|pdf|xml|atom|rss|txt|svg|png|jpe?g|zip)$|/feeds?/|webcal", re.IGNORECASE
)
SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")
# A timestamp as a machine writes it (2026-05-14T13:00, 2026-05-14 13:00:00), never how a page should.

pytestmark = pytest.mark.django_db  # each crawl runs inside its first test's transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module's crawls and removed after them."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=None)
        yield
        call_command("flush", interactive=False, verbosity=0)


def skipped(path, language):
    """Addresses the crawl does not open: other languages, signing out, downloads, admin internals."""
    with translation.override(language):
        never = (reverse("account_logout"), reverse("members:export_data"))
    admin = f"/{language}/admin/"
    return (
        not path.startswith(f"/{language}/")
        or path.split("?")[0] in never
        or DOWNLOAD.search(path.split("?")[0])
        or "export" in path
        # The admin's index and its apps' pages, which name our models; its lists, forms and histories
        # are Django's (translated by Django) around the members' own words.
        or (path.startswith(admin) and (path.count("/") > 4 or "?" in path))
    )


def crawl(language, email):
    """{path: (status, html or "", problem)} for the pages reached from /<language>/ by one role."""
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    start = f"/{language}/"
    queue, seen, shapes, paths_with_query, pages = deque([start]), {start}, {}, set(), {}
    while queue and len(pages) < PAGES_PER_ROLE:
        url = queue.popleft()
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001 (a view that raises is a finding, reported with the rest)
            pages[url] = (500, "", f"{type(error).__name__}: {error}")
            continue
        html = ""
        if "text/html" in response.get("Content-Type", "") and not getattr(response, "streaming", False):
            html = response.content.decode(errors="replace")
        pages[url] = (response.status_code, html, response.get("Content-Language", ""))
        targets = [response["Location"]] if response.status_code in (301, 302) else LINK.findall(html)
        for target in targets:
            split = urlsplit(urljoin(url, unescape(target)))
            if split.netloc not in ("", "testserver"):
                continue
            path = split.path + (f"?{split.query}" if split.query else "")
            if path in seen or skipped(path, language):
                continue
            if split.query:
                if split.path in paths_with_query:
                    continue
                paths_with_query.add(split.path)
            shape = SHAPE.sub("#", split.path)
            if shapes.get(shape, 0) >= SAME_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(path)
            queue.append(path)
    return pages


@pytest.fixture(scope="module")
def crawls(demo, django_db_blocker):
    cache = {}

    def pages(language, role):
        if (language, role) not in cache:
            with django_db_blocker.unblock():
                cache[language, role] = crawl(language, ROLES[role])
        return cache[language, role]

    return pages


def report(findings):
    return "\n".join(f"{path}: {found}" for path, found in findings.items())


@pytest.mark.parametrize("role", ROLES)
def test_french_pages_show_no_english_interface_text(crawls, role):
    pages = crawls("fr", role)
    findings = {}
    for path, (status, html, language) in pages.items():
        if status >= 500:
            findings[path] = f"{status} {language if not html else ''}".strip()
        elif html and language == "fr":
            found = english_in_french(html) + france_french_in(html)
            if found:
                findings[path] = found
    assert len(pages) >= 10, f"the crawl reached only {sorted(pages)}"
    assert findings == {}, f"{len(pages)} French pages as {role}; English or France French on:\n" + report(
        findings
    )


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_show_no_french_interface_text(crawls, role):
    pages = crawls("en", role)
    findings = {}
    for path, (status, html, language) in pages.items():
        if status >= 500:
            findings[path] = f"{status} {language if not html else ''}".strip()
        elif html and language == "en":
            found = french_in_english(html)
            if found:
                findings[path] = found
    assert len(pages) >= 10, f"the crawl reached only {sorted(pages)}"
    assert findings == {}, f"{len(pages)} English pages as {role}; French on:\n" + report(findings)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_show_no_raw_iso_timestamps(crawls, language, role):
    findings = {}
    for path, (_status, html, page_language) in crawls(language, role).items():
        if html:
            found = raw_times_in(html, page_language or language)
            if found:
                findings[path] = found
    assert findings == {}, f"Raw timestamps (ISO, or a 24-hour clock in French) as {role}:\n" + report(
        findings
    )
