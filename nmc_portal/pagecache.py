"""Rendered pages and fragments kept in this process, keyed by a version of everything they show.

The pages of a registration rush (the event, its agenda, the events list, a discussion) are the same for
every visitor who is not signed in: no CSRF token, no messages, no name in the header. Their HTML depends
only on what they show, the language and the URL. Keeping it in the process skips template rendering and
the cache round trip; a key holds a version of everything the page shows (`fingerprint`), so a change is a
new key and nothing stale is ever served; a restart (a deploy) starts empty.

Signed-in pages keep their personal parts (header, registration, forms) rendered per request and take the
parts that are the same for everyone from `fragments`, under keys built the same way.
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

MAX_PAGES = 256
MAX_FRAGMENTS = 512


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

    def get_or_render(self, key, render):
        page = self.get(key)
        if page is None:
            page = render()
            self.set(key, page)
        return page

    def clear(self):
        with self.lock:
            self.pages.clear()


pages = PageCache()
fragments = PageCache(MAX_FRAGMENTS)


def clear():
    pages.clear()
    fragments.clear()


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


def row_version(instance):
    """Every column of a loaded row, for a key: a change made by any means (even an update() that leaves
    updated_at alone) is a new key, at no query's cost."""
    return repr([getattr(instance, field.attname) for field in instance._meta.concrete_fields])  # lists too


def cached_page(request, key, render):
    """The whole page for an anonymous visitor from this process (render() gives the response to keep),
    or render() itself for anyone else."""
    if not is_cacheable(request):
        return render()
    page = pages.get_or_render(key, lambda: render().content)
    return HttpResponse(page)


def fingerprint(*querysets):
    """A version of the rows each queryset returns, computed by PostgreSQL in one query: the md5 of its
    rows as text. Give each queryset as `.values(...)` of what the page shows of it: any change to those
    values, any row added or gone, changes the fingerprint, whoever made it (a service, the admin, SQL)."""
    parts, params = [], []
    for queryset in querysets:
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"(SELECT md5(coalesce(string_agg(q::text, '|' ORDER BY q::text), '')) FROM ({sql}) q)")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return cursor.fetchone()
