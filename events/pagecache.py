"""Whole rendered pages for anonymous visitors, kept in this process and keyed by the event's version.

The agenda is the page everyone opens when registration opens. For a visitor who is not signed in it
holds nothing personal (no CSRF token, no messages), so its HTML depends only on the event's version
(services touch Event.updated_at on every agenda change), the language and the URL. Keeping it in the
process skips template rendering and the cache round trip; a new version is a new key, so nothing
stale is ever served, and a restart (a deploy) starts empty.
"""

import threading
from collections import OrderedDict

from django.conf import settings

MAX_PAGES = 256


class PageCache:
    def __init__(self, size=MAX_PAGES):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's gthread workers serve requests in threads

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key, page):
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


pages = PageCache()


def is_cacheable(request):
    """An anonymous GET with no session and no pending messages: the page is the same for everyone."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def page_key(event, language, full_path):
    return (event.pk, event.updated_at.timestamp(), event.status, language, full_path)
