"""JSON log lines with a request id that follows a request into the tasks it enqueues; Sentry without
personal data."""

import io
import json
import logging

import pytest
import sentry_sdk
from celery.signals import before_task_publish
from sentry_sdk.transport import Transport

from nmc_portal.celery import app as celery_app
from nmc_portal.celery import restore_the_request_id
from nmc_portal.logging import Formatter, RequestIdFilter, request_id
from nmc_portal.sentry import options
from nmc_portal.tasks import scan_unsent_emails_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The root logger's lines as the portal's console handler writes them (formatter and filter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(Formatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_request_id_is_kept_from_the_proxy_and_returned(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID="edge-7f3a")
    assert response["X-Request-ID"] == "edge-7f3a"


def test_request_id_from_the_proxy_that_is_not_sane_is_replaced(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"].isalnum()


def test_log_lines_are_json_with_the_request_id(client, log_lines):
    client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="req-404")
    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert lines and lines[0]["level"] == "WARNING"
    assert lines[0]["request_id"] == "req-404"
    assert {"time", "level", "logger", "message", "request_id", "task_id"} <= set(lines[0])


def test_a_task_enqueued_during_a_request_carries_its_id():
    published = []

    def capture(headers=None, **kwargs):
        published.append(dict(headers))

    before_task_publish.connect(capture)
    token = request_id.set("req-signup-1")
    try:
        celery_app.send_task("nmc_portal.tasks.scan_unsent_emails_task")  # to the real broker
    finally:
        request_id.reset(token)
        before_task_publish.disconnect(capture)
    assert published[-1]["request_id"] == "req-signup-1"


def test_the_worker_restores_the_request_id_while_the_task_runs():
    task = scan_unsent_emails_task
    task.push_request(id="task-1", request_id="req-from-web")
    try:
        restore_the_request_id(task=task)
        assert request_id.get() == "req-from-web"
    finally:
        task.pop_request()
        request_id.set("")


class Captured(Transport):
    events = []

    def capture_envelope(self, envelope):
        Captured.events += [item.payload.json for item in envelope.items if item.type == "event"]


def test_sentry_events_carry_no_personal_data():
    Captured.events = []
    sentry_sdk.init(**options("https://key@sentry.invalid/1", transport=Captured, default_integrations=False))
    try:
        with sentry_sdk.new_scope() as scope:
            scope.set_user({"email": "chantal.roy@tc.gc.ca", "id": 7})
            scope.set_context("request", {})
            sentry_sdk.capture_message("registration failed")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # off again
    assert len(Captured.events) == 1
    assert "chantal.roy" not in json.dumps(Captured.events[0])
    assert "user" not in Captured.events[0]


def test_sentry_scrub_drops_bodies_cookies_queries_and_most_headers():
    event = {
        "user": {"email": "a@tc.gc.ca"},
        "request": {
            "url": "https://portal/en/events/x/register/",
            "data": {"accessibility_needs": "sign language"},
            "cookies": {"sessionid": "s"},
            "query_string": "q=name",
            "headers": {"Cookie": "sessionid=s", "User-Agent": "Firefox", "Authorization": "Token t"},
        },
    }
    scrubbed = options("https://key@sentry.invalid/1")["before_send"](event)
    assert scrubbed == {
        "request": {"url": "https://portal/en/events/x/register/", "headers": {"User-Agent": "Firefox"}}
    }


def test_each_request_writes_one_json_line_with_its_id_status_and_duration(client, log_lines):
    logger = logging.getLogger("nmc_portal.requests")
    level = logger.level
    logger.setLevel(logging.INFO)  # the test settings log warnings only; LOG_LEVEL is INFO elsewhere
    try:
        client.get("/en/", HTTP_X_REQUEST_ID="req-home")
    finally:
        logger.setLevel(level)
    lines = [line for line in log_lines() if line["logger"] == "nmc_portal.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert (line["message"], line["method"], line["path"]) == ("GET /en/ 200", "GET", "/en/")
    assert (line["status_code"], line["request_id"]) == (200, "req-home")
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")  # UTC, ISO 8601
