from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import health
from .accessibility import BarrierReportForm, report_barrier
from .bilingual import current_language


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


def accessibility(request):
    """The accessibility statement, with the form to report a barrier or ask for another format."""
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
    if request.GET.get("page"):
        initial["page"] = request.GET["page"][:500]
    form = BarrierReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        report_barrier(
            **form.cleaned_data,
            language=current_language(),
            reporter=request.user if request.user.is_authenticated else None,
        )
        return redirect("accessibility_report_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "site/accessibility.html", {"form": form}, status=status)


def accessibility_report_sent(request):
    return render(request, "site/accessibility_report_sent.html")


def terms(request):
    return render(request, "site/terms.html")


def contact(request):
    context = {"contact_email": settings.CONTACT_EMAIL, "privacy_email": settings.PRIVACY_EMAIL}
    return render(request, "site/contact.html", context)
