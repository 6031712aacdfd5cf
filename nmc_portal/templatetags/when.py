"""Dates and times in the page's language and a stated zone (nmc_portal.dates), for templates and emails.

`where` is an event (its venue's zone) or a zone name; left out, the portal's zone (posts, logs):

    {% load when %}
    {{ post.created_at|local_datetime }}             November 10, 2026, 4:22 p.m. EST
    {{ session.starts_at|local_time:event }}         1:00 p.m.  /  13 h
    {{ checked_in_at|time_with_zone:event }}         9:05 a.m. PST  /  9 h 05 HNP
    {{ day|local_day }}                              Tuesday, November 10, 2026  /  mardi 10 novembre 2026
    {{ event.start_date|local_date }}                November 10, 2026  /  10 novembre 2026
    {{ old_starts_at|local_day_datetime:event }}     Tuesday, November 10, 2026, 1:00 p.m. PST
    {{ session.starts_at|zone_abbr:event }}          PST  /  HNP
    {% time_range session.starts_at session.ends_at event %}      1:00 p.m. to 2:15 p.m.  /  de 13 h à 14 h 15
    {% time_range start end event html=True %}                    the same, each time in a <time datetime>
    {% when_span session.starts_at session.ends_at event %}       Tuesday, …, 1:00 p.m. to 2:15 p.m. PST
    {% date_range event.start_date event.end_date %}              November 10 to 12, 2026
    {% zone_name event %}                                         Pacific Time  /  heure du Pacifique

Every one returns plain text (autoescaped like any other) and an empty string for a missing value.
"""

from django import template
from django.utils.html import format_html

from nmc_portal import dates

register = template.Library()


def _where(where):
    return where or None


@register.filter
def local_time(value, where=None):
    return dates.format_time(value, _where(where)) if value else ""


@register.filter
def time_with_zone(value, where=None):
    return dates.format_time(value, _where(where), with_zone=True) if value else ""


@register.filter
def local_date(value, where=None):
    return dates.format_date(value, _where(where)) if value else ""


@register.filter
def local_day(value, where=None):
    return dates.format_date(value, _where(where), weekday=True) if value else ""


@register.filter
def local_datetime(value, where=None):
    return dates.format_datetime(value, _where(where)) if value else ""


@register.filter
def local_day_datetime(value, where=None):
    return dates.format_datetime(value, _where(where), weekday=True) if value else ""


@register.filter
def zone_abbr(value, where=None):
    return dates.zone_abbreviation(value, _where(where)) if value else ""


def _time_element(moment, where):
    return format_html(
        '<time datetime="{}">{}</time>',
        dates.local(moment, where).isoformat(),
        dates.format_time(moment, where),
    )


@register.simple_tag
def time_range(start, end, where=None, html=False):
    """`html=True` marks each end with <time datetime="..."> (ISO, for machines) around its words."""
    if not (start and end):
        return ""
    where = _where(where)
    if html:
        return format_html(
            dates.time_range_phrase("{}", "{}"), _time_element(start, where), _time_element(end, where)
        )
    return dates.format_time_range(start, end, where)


@register.simple_tag
def date_range(first, last, where=None):
    return dates.format_date_range(first, last, _where(where)) if first and last else ""


@register.simple_tag
def when_span(start, end, where=None):
    return dates.format_span(start, end, _where(where)) if start and end else ""


@register.simple_tag
def zone_name(where=None):
    return dates.zone_name(_where(where))
