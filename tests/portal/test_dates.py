"""Dates and times in Canada.ca style, per language, in the zone that applies (nmc_portal.dates, when)."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from nmc_portal import dates

NBSP = "\u00a0"
UTC = dt.UTC
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def at(hour, minute=0, day=dt.date(2026, 11, 10), zone=VANCOUVER):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def text(value):
    """Page text as a reader sees it: the non-breaking spaces read as spaces."""
    return value.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("hour", "minute", "english", "french"),
    [
        (13, 0, "1:00 p.m.", "13 h"),
        (13, 15, "1:15 p.m.", "13 h 15"),
        (9, 30, "9:30 a.m.", "9 h 30"),
        (9, 5, "9:05 a.m.", "9 h 05"),
        (12, 0, "12:00 p.m.", "12 h"),  # noon
        (0, 0, "12:00 a.m.", "0 h"),  # midnight
        (0, 45, "12:45 a.m.", "0 h 45"),
        (23, 59, "11:59 p.m.", "23 h 59"),
    ],
)
def test_format_time_in_each_language(hour, minute, english, french):
    moment = at(hour, minute)
    assert text(dates.format_time(moment, VANCOUVER, language="en")) == english
    assert text(dates.format_time(moment, VANCOUVER, language="fr")) == french


def test_format_time_never_breaks_inside_a_time():
    assert dates.format_time(at(13, 15), VANCOUVER, language="fr") == f"13{NBSP}h{NBSP}15"
    assert dates.format_time(at(13), VANCOUVER, language="fr") == f"13{NBSP}h"
    assert dates.format_time(at(13), VANCOUVER, language="en") == f"1:00{NBSP}p.m."


def test_format_time_follows_the_active_language():
    with translation.override("fr"):
        assert text(dates.format_time(at(14, 15), VANCOUVER)) == "14 h 15"
    with translation.override("en"):
        assert text(dates.format_time(at(14, 15), VANCOUVER)) == "2:15 p.m."


def test_format_time_converts_to_the_zone_it_is_given():
    moment = dt.datetime(2026, 11, 10, 21, 0, tzinfo=UTC)
    assert text(dates.format_time(moment, "America/Vancouver", language="en")) == "1:00 p.m."
    assert text(dates.format_time(moment, "America/St_Johns", language="fr")) == "17 h 30"
    # No zone: the portal's (America/Toronto), never the server's or UTC.
    assert text(dates.format_time(moment, language="en", with_zone=True)) == "4:00 p.m. EST"


def test_format_time_of_a_wall_clock_time():
    assert text(dates.format_time(dt.time(8, 30), language="en")) == "8:30 a.m."
    assert text(dates.format_time(dt.time(8, 30), language="fr")) == "8 h 30"


def test_format_date_in_each_language():
    day = dt.date(2026, 11, 10)
    assert dates.format_date(day, language="en") == "November 10, 2026"
    assert dates.format_date(day, language="en", weekday=True) == "Tuesday, November 10, 2026"
    assert dates.format_date(day, language="fr") == "10 novembre 2026"
    assert dates.format_date(day, language="fr", weekday=True) == "mardi 10 novembre 2026"


def test_format_date_writes_the_first_of_the_month_1er_in_french():
    assert dates.format_date(dt.date(2026, 12, 1), language="fr") == "1er décembre 2026"
    assert dates.format_date(dt.date(2026, 12, 1), language="fr", weekday=True) == "mardi 1er décembre 2026"
    assert dates.format_date(dt.date(2026, 12, 1), language="en") == "December 1, 2026"
    assert dates.format_date(dt.date(2026, 12, 11), language="fr") == "11 décembre 2026"


def test_format_date_of_a_moment_is_the_day_where_it_happens():
    moment = dt.datetime(2026, 11, 11, 6, 30, tzinfo=UTC)  # 10:30 p.m. on the 10th in Vancouver
    assert dates.format_date(moment, VANCOUVER, language="en") == "November 10, 2026"
    assert dates.format_date(moment, language="en") == "November 11, 2026"  # 1:30 a.m. in Toronto


def test_format_datetime_states_the_zone():
    moment = dt.datetime(2026, 11, 10, 21, 22, tzinfo=UTC)
    assert text(dates.format_datetime(moment, language="en")) == "November 10, 2026, 4:22 p.m. EST"
    assert text(dates.format_datetime(moment, language="fr")) == "10 novembre 2026 à 16 h 22 HNE"
    assert (
        text(dates.format_datetime(moment, VANCOUVER, weekday=True, language="en"))
        == "Tuesday, November 10, 2026, 1:22 p.m. PST"
    )
    assert (
        text(dates.format_datetime(moment, VANCOUVER, weekday=True, language="fr"))
        == "mardi 10 novembre 2026 à 13 h 22 HNP"
    )


def test_format_time_range_in_each_language():
    assert (
        text(dates.format_time_range(at(13), at(14, 15), VANCOUVER, language="en"))
        == "1:00 p.m. to 2:15 p.m."
    )
    assert text(dates.format_time_range(at(13), at(14, 15), VANCOUVER, language="fr")) == "de 13 h à 14 h 15"


@pytest.mark.parametrize(
    ("first", "last", "english", "french"),
    [
        ((2026, 11, 10), (2026, 11, 10), "November 10, 2026", "10 novembre 2026"),
        ((2026, 11, 10), (2026, 11, 12), "November 10 to 12, 2026", "du 10 au 12 novembre 2026"),
        ((2026, 12, 1), (2026, 12, 3), "December 1 to 3, 2026", "du 1er au 3 décembre 2026"),
        (
            (2026, 11, 30),
            (2026, 12, 1),
            "November 30 to December 1, 2026",
            "du 30 novembre au 1er décembre 2026",
        ),
        (
            (2026, 12, 31),
            (2027, 1, 2),
            "December 31, 2026 to January 2, 2027",
            "du 31 décembre 2026 au 2 janvier 2027",
        ),
    ],
)
def test_format_date_range_in_each_language(first, last, english, french):
    first, last = dt.date(*first), dt.date(*last)
    assert dates.format_date_range(first, last, language="en") == english
    assert dates.format_date_range(first, last, language="fr") == french


def test_format_span_of_a_session():
    assert (
        text(dates.format_span(at(13), at(14, 15), VANCOUVER, language="en"))
        == "Tuesday, November 10, 2026, 1:00 p.m. to 2:15 p.m. PST"
    )
    assert (
        text(dates.format_span(at(13), at(14, 15), VANCOUVER, language="fr"))
        == "mardi 10 novembre 2026, de 13 h à 14 h 15 HNP"
    )


def test_format_span_across_days_dates_each_end():
    start, end = at(22), at(1, 0, day=dt.date(2026, 11, 11))
    assert (
        text(dates.format_span(start, end, VANCOUVER, weekday=False, language="en"))
        == "November 10, 2026, 10:00 p.m. PST to November 11, 2026, 1:00 a.m. PST"
    )
    assert (
        text(dates.format_span(start, end, VANCOUVER, weekday=False, language="fr"))
        == "du 10 novembre 2026 à 22 h HNP au 11 novembre 2026 à 1 h HNP"
    )


def test_daylight_saving_is_the_venues_not_the_servers():
    # 09:30 UTC on Sunday 14 March 2027: Toronto sprang forward at 07:00 UTC, Vancouver will at 10:00 UTC.
    moment = dt.datetime(2027, 3, 14, 9, 30, tzinfo=UTC)
    assert text(dates.format_time(moment, VANCOUVER, with_zone=True, language="en")) == "1:30 a.m. PST"
    assert text(dates.format_time(moment, with_zone=True, language="en")) == "5:30 a.m. EDT"
    assert text(dates.format_time(moment, VANCOUVER, with_zone=True, language="fr")) == "1 h 30 HNP"
    # The same wall-clock time on both sides of the change at the venue.
    assert text(
        dates.format_time(at(9, day=dt.date(2027, 3, 13)), VANCOUVER, with_zone=True, language="en")
    ) == ("9:00 a.m. PST")
    assert text(
        dates.format_time(at(9, day=dt.date(2027, 3, 14)), VANCOUVER, with_zone=True, language="fr")
    ) == ("9 h HAP")
    # Saskatchewan keeps standard time all year.
    july = dt.datetime(2027, 7, 1, 18, tzinfo=UTC)
    assert text(dates.format_time(july, "America/Regina", with_zone=True, language="en")) == "12:00 p.m. CST"


def test_format_span_across_a_change_of_clocks_gives_each_end_its_abbreviation():
    # 1:00 a.m. PST to 4:00 a.m. PDT on the night Vancouver springs forward.
    start = dt.datetime(2027, 3, 14, 9, tzinfo=UTC)
    end = dt.datetime(2027, 3, 14, 11, tzinfo=UTC)
    assert (
        text(dates.format_span(start, end, VANCOUVER, language="en"))
        == "Sunday, March 14, 2027, 1:00 a.m. PST to 4:00 a.m. PDT"
    )
    assert (
        text(dates.format_span(start, end, VANCOUVER, language="fr"))
        == "dimanche 14 mars 2027, de 1 h HNP à 4 h HAP"
    )


@pytest.mark.parametrize(
    ("zone", "winter", "summer", "hiver", "ete"),
    [
        ("America/St_Johns", "NST", "NDT", "HNT", "HAT"),
        ("America/Halifax", "AST", "ADT", "HNA", "HAA"),
        ("America/Moncton", "AST", "ADT", "HNA", "HAA"),
        ("America/Toronto", "EST", "EDT", "HNE", "HAE"),
        ("America/Winnipeg", "CST", "CDT", "HNC", "HAC"),
        ("America/Regina", "CST", "CST", "HNC", "HNC"),
        ("America/Edmonton", "MST", "MDT", "HNR", "HAR"),
        ("America/Whitehorse", "MST", "MST", "HNR", "HNR"),
        ("America/Vancouver", "PST", "PDT", "HNP", "HAP"),
    ],
)
def test_zone_abbreviation_in_each_language(zone, winter, summer, hiver, ete):
    january, july = dt.datetime(2027, 1, 15, 17, tzinfo=UTC), dt.datetime(2027, 7, 15, 17, tzinfo=UTC)
    assert dates.zone_abbreviation(january, zone, language="en") == winter
    assert dates.zone_abbreviation(july, zone, language="en") == summer
    assert dates.zone_abbreviation(january, zone, language="fr") == hiver
    assert dates.zone_abbreviation(july, zone, language="fr") == ete


def test_zone_name_in_each_language():
    with translation.override("en"):
        assert str(dates.zone_name()) == "Eastern Time"
        assert str(dates.zone_name("America/Vancouver")) == "Pacific Time"
    with translation.override("fr"):
        assert str(dates.zone_name()) == "heure de l'Est"
        assert str(dates.zone_name(VANCOUVER)) == "heure du Pacifique"
    assert dates.zone_name("Europe/Paris") == "Europe/Paris"


class Venue:
    """Anything with a tzinfo stands for its zone, as an Event does."""

    tzinfo = VANCOUVER


def render(source, language, **context):
    with translation.override(language):
        return text(Template("{% load when %}" + source).render(Context(context)))


def test_filters_and_tags_render_in_the_active_language():
    context = {"start": at(13), "end": at(14, 15), "venue": Venue(), "day": dt.date(2026, 12, 1)}
    source = (
        "{{ start|local_time:venue }} | {{ start|time_with_zone:venue }} | {{ day|local_day }} | "
        "{{ day|local_date }} | {{ start|local_datetime }} | {{ start|local_day_datetime:venue }} | "
        "{{ start|zone_abbr:venue }} | {% time_range start end venue %} | {% when_span start end venue %} | "
        "{% date_range day day %} | {% zone_name venue %}"
    )
    assert render(source, "en", **context) == (
        "1:00 p.m. | 1:00 p.m. PST | Tuesday, December 1, 2026 | December 1, 2026 | "
        "November 10, 2026, 4:00 p.m. EST | Tuesday, November 10, 2026, 1:00 p.m. PST | PST | "
        "1:00 p.m. to 2:15 p.m. | Tuesday, November 10, 2026, 1:00 p.m. to 2:15 p.m. PST | "
        "December 1, 2026 | Pacific Time"
    )
    assert render(source, "fr", **context) == (
        "13 h | 13 h HNP | mardi 1er décembre 2026 | 1er décembre 2026 | "
        "10 novembre 2026 à 16 h HNE | mardi 10 novembre 2026 à 13 h HNP | HNP | "
        "de 13 h à 14 h 15 | mardi 10 novembre 2026, de 13 h à 14 h 15 HNP | "
        "1er décembre 2026 | heure du Pacifique"
    )


def test_time_range_marks_each_end_for_machines():
    html = render(
        '{% time_range start end "America/Vancouver" html=True %}', "fr", start=at(13), end=at(14, 15)
    )
    assert html == (
        'de <time datetime="2026-11-10T13:00:00-08:00">13 h</time> '
        'à <time datetime="2026-11-10T14:15:00-08:00">14 h 15</time>'
    )


def test_filters_render_nothing_for_a_missing_value():
    assert render("[{{ none|local_datetime }}][{{ none|local_time }}][{% time_range none none %}]", "en") == (
        "[][][]"
    )
