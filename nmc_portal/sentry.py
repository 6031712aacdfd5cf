"""Optional error reporting to Sentry (SENTRY_DSN), with no personal data in any event.

Members' names, emails, needs and answers must never leave the portal: Sentry's default sends no
personal data (IP addresses, cookies, user); no request bodies and no local variables are sent either,
and `scrub` strips what is left (query strings, headers but a few, the user) before an event is sent.
"""

import sentry_sdk

KEPT_HEADERS = {"Host", "User-Agent", "X-Request-Id", "Content-Type", "Accept-Language"}


def scrub(event, hint=None):
    event.pop("user", None)
    request = event.get("request")
    if request:
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {name: value for name, value in headers.items() if name.title() in KEPT_HEADERS}
    return event


def options(dsn, environment="production", **extra):
    return {
        "dsn": dsn,
        "environment": environment,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "before_send": scrub,
        "traces_sample_rate": 0.0,
        **extra,
    }


def init_sentry(dsn, environment="production", **extra):
    sentry_sdk.init(**options(dsn, environment, **extra))
