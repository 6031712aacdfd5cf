"""`make bench`: the demo agenda and the events list served by gunicorn, side by side with a minimal view."""

from tests.benchmarks.harness import MINIMAL_PATH, measure, print_report, serve

AGENDA = "/en/events/social-media-learning-day-2027/agenda/"
EVENTS = "/en/events/"


def test_events_pages_throughput():
    with serve() as base_url:
        rows = [
            measure("minimal Django view", base_url + MINIMAL_PATH),
            measure("demo agenda page", base_url + AGENDA),
            measure("events list", base_url + EVENTS),
            measure("demo event page", base_url + "/en/events/social-media-learning-day-2027/"),
        ]
    print_report(rows, title="Events pages against a minimal view")
    assert [row["failures"] for row in rows] == [0, 0, 0, 0]  # a benchmark of error pages means nothing
