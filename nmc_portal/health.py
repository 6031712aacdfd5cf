"""Checks behind /healthz: each answers True when its service responds in time."""

import redis
from django.conf import settings
from django.db import connection


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
    from nmc_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            replies = app.control.ping(timeout=1.0, connection=conn) or []
    except Exception:  # noqa: BLE001 (any failure means down)
        return []
    return sorted(name for reply in replies for name in reply)
