"""JSON log lines (python-json-logger) from web, worker and beat alike, each carrying a request id.

The web process gives every request an id (the `X-Request-ID` a proxy sent, when it is sane, else a new
one), puts it on every log line written while the request runs and on the response, and passes it to the
Celery tasks the request enqueues, as a message header; the worker restores it while the task runs, so
one id follows a sign-up from the web log to the email it sent.
"""

import contextvars
import logging
import re
import time
import uuid

from celery import current_task
from pythonjsonlogger.json import JsonFormatter

request_id = contextvars.ContextVar("request_id", default="")
HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
SANE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
requests_log = logging.getLogger("nmc_portal.requests")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (and the Celery `task_id` while a task runs) to every record."""

    def filter(self, record):
        record.request_id = request_id.get()
        if not hasattr(record, "task_id"):
            task = current_task  # Celery's proxy: the task running in this thread, if any
            record.task_id = (task.request.id or "") if task else ""
        return True


class Formatter(JsonFormatter):
    """time (UTC, ISO 8601), level, logger, message, request_id, task_id, then any `extra` fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s", *args, **kwargs)


def new_request_id(incoming=""):
    return incoming if incoming and SANE.match(incoming) else uuid.uuid4().hex


def start_request(environ=None, **kwargs):
    """request_started: the id is set before any middleware runs and kept until the response is
    closed, so Django's own lines about the response (404s and 500s, logged after the middleware
    chain returns) carry it too."""
    request_id.set(new_request_id((environ or {}).get("HTTP_X_REQUEST_ID", "")))


def finish_request(**kwargs):
    request_id.set("")


class RequestIdMiddleware:
    """Hands the id to the view (request.request_id) and to the client (X-Request-ID), and writes the
    request's line of the log (instead of gunicorn's access log, which is not JSON)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        if not request_id.get():  # a request that did not come through a Django handler's signal
            request_id.set(new_request_id(request.headers.get(HEADER, "")))
        request.request_id = request_id.get()
        response = self.get_response(request)
        response[HEADER] = request.request_id
        requests_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status_code": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response
