"""The test-settings guard against raw timestamps catches them (so it can never pass silently)."""

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory

from tests.guard_times import TimesMiddleware, raw_times_in, raw_times_in_email, raw_times_in_text


def page(body, language="en"):
    return f'<!doctype html><html lang="{language}"><title>Page</title><body>{body}</body></html>'


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("<p>Last activity 2026-11-10 16:22</p>", ["2026-11-10 16:22"]),
        ("<p>Posted <span>2026-11-10T16:22:05</span></p>", ["2026-11-10T16:22:05"]),
        ("<td>2026-11-10</td>", ["2026-11-10"]),
    ],
)
def test_guard_finds_iso_timestamps_in_either_language(language, body, found):
    assert raw_times_in(page(body, language), language) == found


def test_guard_finds_a_24_hour_clock_on_a_french_page_only():
    assert raw_times_in(page("<p>Ateliers de 13:00 à 14:15</p>", "fr"), "fr") == ["13:00", "14:15"]
    assert raw_times_in(page("<p>Ateliers de 13 h à 14 h 15</p>", "fr"), "fr") == []
    assert raw_times_in(page("<p>Workshops from 1:00 p.m. to 2:15 p.m.</p>"), "en") == []
    # English quoted on a French page is read as English, French quoted on an English page as French.
    assert raw_times_in(page('<p lang="en">1:00 p.m.</p><p>9 h 30</p>', "fr"), "fr") == []
    assert raw_times_in(page('<p lang="fr">9:30</p>'), "en") == ["9:30"]


def test_guard_leaves_machines_and_what_members_typed_alone():
    body = (
        '<time datetime="2026-11-10T16:22:00-05:00">10 novembre 2026 à 16 h 22 HNE</time>'
        '<input type="date" name="day" value="2026-11-10">'
        '<a href="/fr/events/forum-2026-11-10/">forum</a>'
        "<script>const at = '2026-11-10 16:22';</script><style>/* 2026-11-10 */</style>"
        "<pre>log 2026-11-10 16:22</pre><p>Run <code>date 16:22</code></p>"
        "<textarea>Rendez-vous 2026-11-10 à 16:22</textarea>"
        "<p>nmc-registrations-2026-11-10.csv, events/2026-11-10/agenda</p>"
    )
    assert raw_times_in(page(body, "fr"), "fr") == []


def test_guard_reads_plain_text_emails():
    assert raw_times_in_text("Reminder: Forum, 2026-11-10", "en") == ["2026-11-10"]
    assert raw_times_in_text("Le forum commence à 9:00.", "fr") == ["9:00"]
    assert raw_times_in_text("Le forum commence le 10 novembre 2026 à 9 h HNP.", "fr") == []


def test_guard_middleware_fails_a_page_that_shows_a_raw_timestamp():
    def view(request):
        response = HttpResponse(page("<p>Posted 2026-11-10 16:22</p>"), content_type="text/html")
        response["Content-Language"] = "en"
        return response

    with pytest.raises(AssertionError, match="2026-11-10 16:22"):
        TimesMiddleware(view)(RequestFactory().get("/en/"))


def test_guard_middleware_fails_a_french_page_with_a_24_hour_clock():
    def view(request):
        response = HttpResponse(page("<p>Séance à 16:22</p>", "fr"), content_type="text/html")
        response["Content-Language"] = "fr"
        return response

    with pytest.raises(AssertionError, match="16:22"):
        TimesMiddleware(view)(RequestFactory().get("/fr/"))


def test_guard_is_on_in_the_test_settings(settings):
    assert "tests.guard_times.TimesMiddleware" in settings.MIDDLEWARE


def test_email_guard_catches_raw_timestamps_in_text_and_html():
    """What conftest's autouse check asserts empty for every email a test sends."""
    french = mail.EmailMultiAlternatives(
        "Rappel : forum", "Bonjour, le forum commence à 16:22.", headers={"Content-Language": "fr"}
    )
    french.attach_alternative("<p>Bonjour, le forum commence le 2026-11-10 16:22.</p>", "text/html")
    assert raw_times_in_email(french) == ["16:22", "2026-11-10 16:22"]
    english = mail.EmailMessage("Reminder: forum, 2026-11-10", "The forum starts at 4:22 p.m. EST.")
    assert raw_times_in_email(english) == ["2026-11-10"]
