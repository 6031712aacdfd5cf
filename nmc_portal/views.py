from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health


def home(request):
    return render(request, "home.html")


@never_cache
def healthz(request):
    """200 when PostgreSQL, Redis and at least one Celery worker answer; 503 naming what is down."""
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
