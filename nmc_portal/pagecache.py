"""Rendered pages and fragments kept in this process, keyed by a version of everything they show.

The pages of a registration rush (the event, its agenda, the events list, a discussion) are the same for
every visitor who is not signed in: no CSRF token, no messages, no name in the header. Their HTML depends
only on what they show, the language and the URL. Keeping it in the process skips template rendering and
the cache round trip; a key holds a version of everything the page shows (`fingerprint`), so a change is a
new key and nothing stale is ever served; a restart (a deploy) starts empty.

Signed-in pages keep their personal parts (header, registration, forms) rendered per request and take the
parts that are the same for everyone from `fragments`, under keys built the same way.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from datetime import UTC, datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone

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


def kept_page(request, key, now):
    """The page kept under `key` for an anonymous visitor, unless it has outlived its `until`; else None."""
    if not is_cacheable(request):
        return None
    entry = pages.get(key)
    if entry is None or (entry[1] is not None and now >= entry[1]):
        return None
    return HttpResponse(entry[0])


def keep_page(request, key, response, until=None):
    """Keep an anonymous visitor's 200 page under `key`, until `until` (a moment the page changes with
    time alone, e.g. registration opening) if given. Returns the response."""
    if is_cacheable(request) and response.status_code == 200 and not response.streaming:
        pages.set(key, (response.content, until))
    return response


def cached_page(request, key, render, *, until=None):
    """The whole page for an anonymous visitor from this process (render() gives the response to keep),
    or render() itself for anyone else."""
    if not is_cacheable(request):
        return render()
    page = kept_page(request, key, timezone.now())
    return page if page is not None else keep_page(request, key, render(), until)


def _fingerprint_sql(querysets):
    parts, params = [], []
    for queryset in querysets:
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"(SELECT md5(coalesce(string_agg(q::text, '|' ORDER BY q::text), '')) FROM ({sql}) q)")
        params.extend(query_params)
    return "SELECT " + ", ".join(parts), params


def _forget_prepared(sender, connection, **kwargs):
    connection.prepared_fingerprints = set()  # a new server connection has no prepared statements


connection_created.connect(_forget_prepared)


def _numbered(sql):
    """Django's SQL for psycopg2 with $1, $2... in place of its %s placeholders, for PREPARE (a literal
    %, written %%, stays as it is for psycopg2)."""
    numbers = iter(range(1, sql.count("%s") + 1))
    return re.sub(
        r"%%|%s", lambda found: found.group() if found.group() == "%%" else f"${next(numbers)}", sql
    )


def _run(sql, params):
    """Run a fingerprint's SQL. Its plan can cost more than running it (a page's fingerprint joins a
    few tables), so it is prepared once per server connection and executed after that, unless a pooler
    may hand each transaction another server connection (DATABASE_POOLER)."""
    with connection.cursor() as cursor:
        if settings.DATABASE_POOLER:
            cursor.execute(sql, params)
            return cursor.fetchone()
        name = "fingerprint_" + hashlib.md5(sql.encode(), usedforsecurity=False).hexdigest()
        wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's own (`connection` is a proxy shared by all)
        prepared = wrapper.__dict__.setdefault("prepared_fingerprints", set())
        execute = f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
        if name in prepared:
            cursor.execute(execute, params)
        else:  # in the same round trip: one query either way
            cursor.execute(f"PREPARE {name} AS {_numbered(sql)}; {execute}", params)
            prepared.add(name)
        return cursor.fetchone()


def fingerprint(*querysets):
    """A version of the rows each queryset returns, computed by PostgreSQL in one query: the md5 of its
    rows as text. Give each queryset as `.values(...)` of what the page shows of it: any change to those
    values, any row added or gone, changes the fingerprint, whoever made it (a service, the admin, SQL)."""
    return _run(*_fingerprint_sql(querysets))


class Fingerprint:
    """`fingerprint` for querysets built the same way on every request, compiled to SQL once per process.

    `build(*args)` returns the querysets; the first call builds them with stand-in arguments and notes
    which SQL parameters they became, later calls only put the real arguments in their place. Arguments
    must reach the SQL as parameters unchanged (primary keys, slugs, aware datetimes), never shape it.
    """

    def __init__(self, build, *kinds):
        self.build, self.kinds, self.compiled = build, kinds, None
        self.lock = threading.Lock()

    def stand_ins(self):
        """Values no real argument has, one per argument: a number near the top of a 32-bit integer (in
        range for every integer field: Django compiles an out-of-range comparison away), a text no slug
        can be, a moment in 1901."""
        made = {
            int: lambda n: 2_147_483_000 + n,
            str: lambda n: f"~stand-in {n}~",
            datetime: lambda n: datetime(1901, 2, 3, 4, 5, 6, 789 + n, tzinfo=UTC),
        }
        return [made[kind](n) for n, kind in enumerate(self.kinds)]

    def __call__(self, *args):
        if self.compiled is None:
            stand_ins = self.stand_ins()
            sql, params = _fingerprint_sql(self.build(*stand_ins))
            slots = [stand_ins.index(param) if param in stand_ins else None for param in params]
            if sorted({slot for slot in slots if slot is not None}) != list(range(len(stand_ins))):
                raise ValueError("every argument must reach the SQL as a parameter")
            with self.lock:
                self.compiled = (sql, params, slots)
        sql, params, slots = self.compiled
        return _run(
            sql, [param if slot is None else args[slot] for param, slot in zip(params, slots, strict=True)]
        )
