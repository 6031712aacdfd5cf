"""Dates and times as people read them: in the page's (or email's) language, Canada.ca style, zone stated.

English: "1:00 p.m.", "9:30 a.m." (always the minutes; noon is "12:00 p.m." and midnight
"12:00 a.m.", the forms an agenda sorts by eye), "Tuesday, November 10, 2026", "November 10, 2026",
times "1:00 p.m. to 2:15 p.m.", days "November 10 to 12, 2026".
French: « 13 h », « 13 h 15 », « 0 h » at midnight, « mardi 10 novembre 2026 », « 1er décembre 2026 »,
times « de 13 h à 14 h 15 », days « du 10 au 12 novembre 2026 ».
Ranges use words, not an en dash: a screen reader says "to" / « à », not "dash".
A non-breaking space (U+00A0) ties a number to what follows it ("1:00 p.m.", « 13 h 15 »)
so a line never breaks inside a time.

Every helper converts an aware datetime itself, to the zone it is given (`where`): an event (its
venue's zone, via its `tzinfo`), a zone name or a tzinfo; none means the portal's zone
(settings.TIME_ZONE, America/Toronto), which posts, logs and other portal timestamps use.
A naive datetime or a `datetime.time` is taken as already on that zone's clock.
Zone abbreviations follow the language: PST/PDT in English, HNP/HAP in French (heure normale /
heure avancée du Pacifique: the Translation Bureau's abbreviations, HNR/HAR Rocheuses, HNC/HAC Centre,
HNE/HAE Est, HNA/HAA Atlantique, HNT/HAT Terre-Neuve).
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext_lazy as _

from .bilingual import current_language

NBSP = "\u00a0"

# Canadian time zones, with the name people use for them.
ZONE_NAMES = {
    "America/St_Johns": _("Newfoundland Time"),
    "America/Halifax": _("Atlantic Time"),
    "America/Moncton": _("Atlantic Time"),
    "America/Toronto": _("Eastern Time"),
    "America/Winnipeg": _("Central Time"),
    "America/Regina": _("Central Standard Time (Saskatchewan)"),
    "America/Edmonton": _("Mountain Time"),
    "America/Whitehorse": _("Yukon Time"),
    "America/Vancouver": _("Pacific Time"),
}

# The IANA abbreviations of North American zones, as Canadian French writes them.
FRENCH_ABBREVIATIONS = {
    "NST": "HNT",
    "NDT": "HAT",
    "AST": "HNA",
    "ADT": "HAA",
    "EST": "HNE",
    "EDT": "HAE",
    "CST": "HNC",
    "CDT": "HAC",
    "MST": "HNR",
    "MDT": "HAR",
    "PST": "HNP",
    "PDT": "HAP",
}


def _language(language):
    return language or current_language()


def zone_of(where=None):
    """The tzinfo of `where`: an event (anything with a `tzinfo`), a tzinfo, a zone name, or the portal's."""
    if where is None or where == "":
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    if isinstance(where, dt.tzinfo):
        return where
    if isinstance(where, str):
        return zoneinfo.ZoneInfo(where)
    return where.tzinfo


def zone_key(where=None):
    zone = zone_of(where)
    return getattr(zone, "key", str(zone))


def local(moment, where=None):
    """`moment` on the clock of `where`: aware datetimes converted, naive ones taken as they are."""
    zone = zone_of(where)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def zone_name(where=None):
    """'Pacific Time' / « heure du Pacifique »; the IANA name for a zone we have no common name for."""
    key = zone_key(where)
    return ZONE_NAMES.get(key, key)


def zone_abbreviation(moment, where=None, *, language=None):
    """PST or PDT (HNP or HAP in French): the abbreviation in force at `moment` where it happens."""
    abbreviation = local(moment, where).tzname() or ""
    if _language(language) == "fr" and zone_key(where).startswith("America/"):
        return FRENCH_ABBREVIATIONS.get(abbreviation, abbreviation)
    return abbreviation


def _clock(value, where):
    if isinstance(value, dt.datetime):
        return local(value, where).time()
    return value


def format_time(value, where=None, *, with_zone=False, language=None):
    """'1:00 p.m.' / « 13 h 15 »: an aware datetime on the clock of `where`, or a wall-clock time.

    `with_zone` adds the abbreviation ('1:00 p.m. PST' / « 13 h 15 HNP »; datetimes only).
    """
    language = _language(language)
    clock = _clock(value, where)
    if language == "fr":
        text = f"{clock.hour}{NBSP}h{NBSP}{clock.minute:02d}" if clock.minute else f"{clock.hour}{NBSP}h"
    else:
        suffix = "a.m." if clock.hour < 12 else "p.m."
        text = f"{clock.hour % 12 or 12}:{clock.minute:02d}{NBSP}{suffix}"
    if with_zone:
        return f"{text} {zone_abbreviation(value, where, language=language)}"
    return text


def _day(value, where):
    if isinstance(value, dt.datetime):
        return local(value, where).date()
    return value


def _in(language, name):
    """A month's or weekday's name (Django's catalogue) in `language`, whatever language is active."""
    with translation.override(language):
        return str(name)


def _day_and_month(day, language):
    month = _in(language, MONTHS[day.month])
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month}"
    return f"{month} {day.day}"


def format_date(value, where=None, *, weekday=False, language=None):
    """'November 10, 2026' / « 10 novembre 2026 » (« 1er décembre 2026 »); `weekday` adds the day's name.

    A datetime gives the day it is at `where` (11 p.m. in Vancouver is already tomorrow in Toronto).
    """
    language = _language(language)
    day = _day(value, where)
    separator = " " if language == "fr" else ", "
    text = f"{_day_and_month(day, language)}{separator}{day.year}"
    if weekday:
        name = _in(language, WEEKDAYS[day.weekday()])
        return f"{name} {text}" if language == "fr" else f"{name}, {text}"
    return text


def format_datetime(moment, where=None, *, weekday=False, language=None):
    """'November 10, 2026, 4:22 p.m. EST' / « 10 novembre 2026 à 16 h 22 HNE »: the zone always stated."""
    language = _language(language)
    date = format_date(moment, where, weekday=weekday, language=language)
    time = format_time(moment, where, language=language)
    abbreviation = zone_abbreviation(moment, where, language=language)
    if language == "fr":
        return f"{date} à {time} {abbreviation}"
    return f"{date}, {time} {abbreviation}"


def time_range_phrase(first, last, *, language=None):
    """The words around two formatted times: '{first} to {last}' / « de {first} à {last} »."""
    return f"de {first} à {last}" if _language(language) == "fr" else f"{first} to {last}"


def format_time_range(start, end, where=None, *, language=None):
    """'1:00 p.m. to 2:15 p.m.' / « de 13 h à 14 h 15 » (times only: say the zone next to it)."""
    language = _language(language)
    first, last = format_time(start, where, language=language), format_time(end, where, language=language)
    return time_range_phrase(first, last, language=language)


def format_date_range(first, last, where=None, *, language=None):
    """'November 10 to 12, 2026' / « du 10 au 12 novembre 2026 »; one day reads as that day."""
    language = _language(language)
    first, last = _day(first, where), _day(last, where)
    if first == last:
        return format_date(first, language=language)
    if language == "fr":
        if (first.year, first.month) == (last.year, last.month):
            start = "1er" if first.day == 1 else str(first.day)
        elif first.year == last.year:
            start = _day_and_month(first, language)
        else:
            start = format_date(first, language=language)
        return f"du {start} au {format_date(last, language=language)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{_day_and_month(first, language)} to {last.day}, {last.year}"
    if first.year == last.year:
        return f"{_day_and_month(first, language)} to {format_date(last, language=language)}"
    return f"{format_date(first, language=language)} to {format_date(last, language=language)}"


def format_span(start, end, where=None, *, weekday=True, language=None):
    """When a session happens, zone stated: 'Tuesday, November 10, 2026, 1:00 p.m. to 2:15 p.m. PST' /
    « mardi 10 novembre 2026, de 13 h à 14 h 15 HNP ». Across days, or across a change of clocks,
    each end carries its own date or abbreviation."""
    language = _language(language)
    start_abbreviation = zone_abbreviation(start, where, language=language)
    end_abbreviation = zone_abbreviation(end, where, language=language)
    same_day = _day(start, where) == _day(end, where)
    if not same_day:
        first = format_datetime(start, where, weekday=weekday, language=language)
        last = format_datetime(end, where, weekday=weekday, language=language)
        return f"du {first} au {last}" if language == "fr" else f"{first} to {last}"
    day = format_date(start, where, weekday=weekday, language=language)
    if start_abbreviation != end_abbreviation:
        first = f"{format_time(start, where, language=language)} {start_abbreviation}"
        last = f"{format_time(end, where, language=language)} {end_abbreviation}"
        return f"{day}, de {first} à {last}" if language == "fr" else f"{day}, {first} to {last}"
    times = format_time_range(start, end, where, language=language)
    return f"{day}, {times} {start_abbreviation}"
