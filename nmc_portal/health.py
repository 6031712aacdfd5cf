"""Checks behind /healthz and /status: each answers True when its service responds in time."""

import hmac

import redis
from django.conf import settings
from django.db import connection

from .celery import app


def database_is_up():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 (any failure means down)
        return False


def redis_is_up():
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except Exception:  # noqa: BLE001 (any failure means down)
        return False


def celery_workers():
    """Names of the Celery workers that answer a ping within a second."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            replies = app.control.ping(timeout=1.0, connection=conn) or []
    except Exception:  # noqa: BLE001 (any failure means down)
        return []
    return sorted(name for reply in replies for name in reply)


def may_read_status(request):
    """Staff signed in, or the STATUS_TOKEN as a bearer token (compared in constant time)."""
    user = request.user
    if user.is_authenticated and user.is_active and user.is_staff:
        return True
    token = settings.STATUS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)
