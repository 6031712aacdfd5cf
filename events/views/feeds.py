"""Calendar and JSON feeds: a member's private calendar (addressed by a secret, no sign-in: calendar
apps cannot sign in) and the public feeds of upcoming events in each language."""

import json

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from nmc_portal.bilingual import current_language

from ..feeds import cached_feed, member_calendar, public_events_calendar, public_events_json

CALENDAR = "text/calendar; charset=utf-8"


@require_GET
@cache_control(private=True, no_cache=True)
def member_feed(request, token):
    member = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if member is None:
        raise Http404  # a reset or unknown address: nothing tells the two apart
    response = HttpResponse(member_calendar(member), content_type=CALENDAR)
    response["Content-Disposition"] = 'inline; filename="my-nmc-events.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_control(public=True, max_age=300)
def public_calendar(request):
    language = current_language()
    body = cached_feed("ics", language, lambda: public_events_calendar(language))
    response = HttpResponse(body, content_type=CALENDAR)
    response["Content-Disposition"] = f'inline; filename="nmc-events-{language}.ics"'
    return response


@require_GET
@cache_control(public=True, max_age=300)
def public_json(request):
    language = current_language()
    body = cached_feed(
        "json", language, lambda: json.dumps(public_events_json(language), ensure_ascii=False, indent=2)
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # departments' own pages may read it from the browser
    return response
