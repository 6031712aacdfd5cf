from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health


def home(request):
    return render(request, "home.html")


@never_cache
def healthz(request):
    """Readiness, for the load balancer: this process answers and PostgreSQL does (503 otherwise).

    Redis is reported but never fails the check ("degraded"): pages keep working without it (the cache
    fails soft, emails wait in PostgreSQL), and a balancer pulling every web node because Redis blinked
    would turn a degraded portal into a dead one. Celery is not asked here: a broadcast ping on every
    probe is too dear; see /status.
    """
    checks = {
        "database": "up" if health.database_is_up() else "down",
        "redis": "up" if health.redis_is_up() else "down",
    }
    if checks["database"] == "down":
        status = "down"
    else:
        status = "degraded" if checks["redis"] == "down" else "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)


@never_cache
def status(request):
    """Detailed status, for monitoring: PostgreSQL, Redis and the Celery workers that answer a ping.

    Only with the STATUS_TOKEN (header `Authorization: Bearer <token>`) or signed in as staff; a 404 to
    anyone else, and no link to it anywhere.
    """
    if not health.may_read_status(request):
        raise Http404
    database = health.database_is_up()
    redis_up = health.redis_is_up()
    workers = health.celery_workers() if redis_up else []
    checks = {
        "database": "up" if database else "down",
        "redis": "up" if redis_up else "down",
        "celery": "up" if workers else "down",
    }
    down = [name for name, state in checks.items() if state == "down"]
    body = {"status": "ok" if not down else "down", "checks": checks, "down": down, "celery_workers": workers}
    return JsonResponse(body, status=503 if down else 200)
