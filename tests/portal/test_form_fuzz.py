"""Every form and every filter of the portal, fed hostile and careless input, never answers 5xx.

The pages come from the URL conf (a new page is covered without editing this test): each one is
fetched as a visitor and as a person who holds every role (an admin who organizes the event, moderates
the community, is registered with a workshop and wrote the posts), so every form is reachable; each
form found on the page (method, action, field names) is then sent every value of a fixed corpus, in
one field at a time, the others keeping plausible values so that each bad value gets as far as a form
lets it: 100 KB strings, NUL, a lone surrogate, RTL and zero-width characters, markup, formulas,
negative, 20-digit and 10^26 numbers, impossible dates, invalid choices, repeated fields (arrays);
then 1 MB and missing fields in the whole form. Pages that only take a POST (publish, move,
cancel...) get the corpus too. A URL whose arguments this test cannot
build fails the test, so nothing is skipped silently.
"""

import datetime as dt
import re
import uuid
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from communities import services as community_services
from communities.models import MembershipStatus, Role
from communities.services import digest_unsubscribe_token
from events.models import CheckInHelper
from events.services import registration as signups
from events.services.messages import save_message_draft
from learning import services as learning_services
from surveys import services as survey_services
from surveys.links import link_token
from surveys.models import Survey
from tests.communities.factories import (
    ArticleCommentFactory,
    ArticleFactory,
    MembershipFactory,
    ThreadFactory,
    member_of,
)
from tests.events.factories import EventFactory, SessionFactory, SessionSpeakerFactory, workshop
from tests.factories import UserFactory
from tests.learning.factories import make_resource

pytestmark = pytest.mark.django_db

# Third-party pages we neither wrote nor style (Django's admin), and the ones that end the session.
EXCLUDED = re.compile(r"^(admin:|account_logout$)")
# The monitoring status says 503 when a service is down (no Celery worker runs in tests): by design.
SERVICE_STATUS = {"status", "healthz"}
SIGN_OUT = "/en/accounts/logout/"  # the header's sign-out form: sent, it would end the role's session

SURROGATE = object()  # sent as the raw bytes of an unpaired UTF-16 surrogate
ARRAY = object()  # the field twice, with two different values

# Sent in every field at once.
WHOLE_FORM = {"missing fields": None, "1 MB everywhere": "y" * 1_000_000, "arrays": ARRAY,
              "lone surrogates": SURROGATE}  # fmt: skip
# Sent in one field at a time, the others keeping plausible values, so each bad value reaches as far
# as a form lets it (a service, PostgreSQL).
TEXT = {
    "empty": "",
    "100 KB": "x" * 100_000,
    "NUL": "ab\x00cd",
    "lone surrogate": SURROGATE,
    "RTL and zero-width": "\u202eevil\u200b\u200d\ufeff\u2066مرحبا\u2069",
    "markup": "<script>alert(1)</script>' OR 1=1 --",
    "spreadsheet formula": "=cmd|' /C calc'!A0",
    "20 digits": "99999999999999999999",
    "101 characters, commas": ("t" * 101 + ", ") * 3,
}
NUMBER = {
    "negative": "-1",
    "20 digits": "99999999999999999999",
    "negative 20 digits": "-99999999999999999999",
    "10^26": "100000000000000000000000000",
    "not a number": "1e309",
    "words": "twelve",
    "array": ARRAY,
}
DATE = {
    "impossible date": "2026-02-30",
    "year 99999": "99999-12-31T25:61",
    "words": "tomorrow",
    "array": ARRAY,
}
CHOICE = {"not a choice": "not-a-choice", "10^26": "100000000000000000000000000", "empty": "", "array": ARRAY}
DEFAULTS = {"email": "fuzz@tc.gc.ca", "url": "https://example.gc.ca/fuzz", "number": "1", "checkbox": "on",
            "radio": "on"}  # fmt: skip


def plausible(kind, n):
    """A value a person might type in the n-th field of this kind: later times, dates after earlier ones."""
    if kind == "time":
        return f"{10 + n:02d}:00"
    if kind == "date":
        return f"2030-01-{15 + n:02d}"
    if kind == "datetime-local":
        return f"2029-12-{10 + n:02d}T10:00"
    return DEFAULTS.get(kind, "Fuzz")


class Forms(HTMLParser):
    """The forms of a page: method, action, and each field's name, type and a plausible value."""

    def __init__(self):
        super().__init__()
        self.forms, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action"), "fields": {}})
            return
        if not self.forms:
            return
        fields, name = self.forms[-1]["fields"], attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "image", "reset"):
            kind = attrs.get("type") or "text"
            if kind in ("checkbox", "radio") and name in fields and "checked" not in attrs:
                return
            same_kind = sum(1 for other_kind, _value in fields.values() if other_kind == kind)
            fields[name] = (kind, attrs.get("value") or plausible(kind, same_kind))
        elif tag == "select" and name:
            self.select = name
            fields[name] = ("select", "")
        elif tag == "option" and self.select:
            kind, value = fields[self.select]
            if (not value or "selected" in attrs) and attrs.get("value"):
                fields[self.select] = (kind, attrs["value"])
        elif tag == "textarea" and name:
            self.textarea = name
            fields[name] = ("textarea", "Fuzz text")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and data.strip():
            self.forms[-1]["fields"][self.textarea] = ("textarea", data)


def bad_values(kind):
    if kind == "number":
        return NUMBER
    if kind in ("date", "time", "datetime-local"):
        return DATE
    if kind in ("select", "radio", "checkbox"):
        return CHOICE
    return TEXT


def url_patterns(patterns=None, namespace=None, outer=()):
    """(name, pattern, its arguments' names, those of enclosing includes first) of every named view."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        names = (*outer, *argument_names(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if namespace and entry.namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from url_patterns(entry.url_patterns, inner, names)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if not EXCLUDED.match(name):
                yield name, entry.pattern, names


def argument_names(pattern):
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if isinstance(regex, re.Pattern) else ()


NAMES = sorted({name for name, _pattern, _arguments in url_patterns()})


@pytest.fixture
def world(db):
    """One of everything, and one person holding every role over it."""
    person = UserFactory(
        is_staff=True, is_superuser=True, full_name="Robin Roles", show_events_on_profile=True
    )
    event = EventFactory(organizers=[person], status="published", capacity=50)
    SessionFactory(event=event)
    chosen = workshop(event, 13)
    registration = signups.register(event=event, member=person)
    signups.choose_workshops(registration=registration, sessions=[chosen])
    other = signups.register(event=event, member=UserFactory())
    choice = registration.choices.get()
    speaker = SessionSpeakerFactory(session=chosen)
    feedback = survey_services.ensure_feedback_survey(event)
    Survey.objects.filter(pk=feedback.pk).update(
        opens_at=timezone.now() - dt.timedelta(hours=1), closes_at=timezone.now() + dt.timedelta(days=7)
    )
    consultation = survey_services.create_consultation(event=event, topics=[{"en": "Data", "fr": "Données"}])
    survey_services.open_survey(survey=consultation)
    thread = ThreadFactory(author=person)
    community = thread.community
    MembershipFactory(community=community, member=person, role=Role.MODERATOR)
    reply = community_services.post_reply(thread=thread, author=person, body="A reply", language="en")
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    suspended = member_of(community)
    suspension = community_services.suspend_member(
        community=community, member=suspended, moderator=person, days=3, reason="Off topic"
    )
    message = save_message_draft(
        event=event,
        session=None,
        subject_en="Parking",
        subject_fr="Stationnement",
        body_en="Use lot B.",
        body_fr="Utilisez le stationnement B.",
        token=uuid.uuid4(),
        by=person,
    )
    article = ArticleFactory(author=person, community=community, title="An article")
    article_comment = ArticleCommentFactory(article=article, author=member_of(community))
    resource = make_resource(author=person, event=event, body="A guide")
    comment = learning_services.post_comment(resource=resource, author=person, body="Hi")
    offered = EventFactory(status="published", capacity=1, waitlist_offers=True)  # a place held for person
    holder = signups.register(event=offered, member=UserFactory())
    signups.register(event=offered, member=person)
    signups.cancel_registration(registration=holder)
    return {
        "person": person,
        "event": event,
        "session": chosen,
        "room": chosen.room or event.rooms.create(name_en="Room A", capacity=40),
        "registration": other,
        "choice": choice,
        "speaker": speaker,
        "feedback": feedback,
        "consultation": consultation,
        "question": feedback.questions.first(),
        "community": community,
        "thread": thread,
        "reply": reply,
        "pending": pending,
        "suspension": suspension,
        "resource": resource,
        "comment": comment,
        "article": article,
        "article_comment": article_comment,
        "message": message,
        "ticket": registration.ticket_code,
        "helper": CheckInHelper.objects.create(event=event, user=UserFactory(), added_by=person),
        "offer": offered.offers.get(),
    }


def arguments(name, params, world):
    """The URL arguments of `name`, from the names of its converters and its namespace."""
    app = name.split(":")[0]
    slugs = {"events": world["event"].slug, "surveys": world["event"].slug}
    slugs |= {"communities": world["community"].slug, "learning": world["resource"].slug}
    slugs |= {"articles": world["community"].slug}
    pks = {
        "directory:profile": world["person"].pk,
        "surveys:consultation": world["consultation"].pk,
        "surveys:need_session": world["consultation"].pk,
        "surveys:need_link": world["consultation"].pk,
        "surveys:need_unlink": world["consultation"].pk,
        "events:registration_cancel_for": world["registration"].pk,
        "events:choice_move": world["choice"].pk,
        "events:certificate_reissue": world["registration"].pk,
        "events:choice_cancel_for": world["choice"].pk,
        "events:workshop_cancel": world["choice"].pk,
        "events:speaker_remove": world["speaker"].pk,
        "events:helper_remove": world["helper"].pk,
        "communities:decide_request": world["pending"].pk,
        "communities:lift_suspension": world["suspension"].pk,
        "articles:report_comment": world["article_comment"].pk,
        "articles:moderate_comment": world["article_comment"].pk,
    }
    by_word = [
        ("room", "room"), ("session", "session"), ("roster", "session"), ("speaker", "session"),
        ("attendance", "session"),
        ("reply", "reply"), ("thread", "thread"), ("comment", "comment"), ("message", "message"),
    ]  # fmt: skip
    kwargs = {}
    for param in params:
        if param == "slug" and name == "articles:detail":
            kwargs[param] = world["article"].slug
        elif param == "slug":
            kwargs[param] = world["event"].slug if name == "learning:event_resources" else slugs[app]
        elif param == "pk" and name in pks:
            kwargs[param] = pks[name]
        elif param == "pk" and app == "articles":
            kwargs[param] = world["article"].pk
        elif param == "pk" and app == "surveys":
            kwargs[param] = world["feedback"].pk
        elif param == "pk":
            word = next((key for part, key in by_word if part in name.split(":")[1]), None)
            if word is None:
                raise LookupError(f"{name}: which object is its pk?")
            kwargs[param] = world[word].pk
        elif param == "question":
            kwargs[param] = world["question"].pk
        elif param == "registration":
            kwargs[param] = world["registration"].pk
        elif param == "number":
            kwargs[param] = 1
        elif param == "choice":  # a need: the consultation's first topic
            kwargs[param] = 0
        elif param == "code":
            kwargs[param] = world["ticket"]
        elif param == "token" and name == "events:offer":
            kwargs[param] = world["offer"].token
        elif param == "token" and app == "surveys":
            kwargs[param] = link_token(world["feedback"], world["person"])
        elif param == "token":
            kwargs[param] = digest_unsubscribe_token(world["person"])
        elif param in ("key", "uidb36"):  # allauth's emailed keys: a wrong one
            kwargs[param] = "0-zz" if param == "key" else "zz"
        else:
            raise LookupError(f"{name}: cannot build its argument {param!r}")
    return kwargs


def encode(data):
    """A urlencoded body (bytes: a lone surrogate is not valid UTF-8, so it goes as raw bytes)."""
    parts = []
    for field, value in data.items():
        if value is SURROGATE:
            parts.append(f"{quote(field)}=a%ED%A0%80b")
        elif value is ARRAY:
            parts += [f"{quote(field)}=1", f"{quote(field)}=2"]
        else:
            parts.append(f"{quote(field)}={quote(value)}")
    return "&".join(parts).encode()


def send(client, method, path, data):
    body = encode(data)
    if method == "get":
        separator = "&" if "?" in path else "?"
        return client.get(path + (separator + body.decode() if body else ""))
    return client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")


def attempts(fields):
    """(label, data) of every request for a form: the whole-form cases, then each field in turn.

    A create form's one-time token is fresh in each request: the same token would only replay the
    first request's outcome, and the bad value would never reach the service."""
    usual = {name: value for name, (_kind, value) in fields.items()}
    for label, value in WHOLE_FORM.items():
        yield label, {} if value is None else dict.fromkeys(fields, value)
    for name, (kind, _value) in fields.items():
        for label, value in bad_values(kind).items():
            fresh = (
                {"submission": str(uuid.uuid4())} if "submission" in fields and name != "submission" else {}
            )
            yield f"{name}: {label}", {**usual, **fresh, name: value}


@pytest.mark.parametrize("name", NAMES)
def test_no_input_gets_a_server_error(name, world):
    params = {name: params for name, _pattern, params in url_patterns()}[name]
    with translation.override("en"):
        try:
            path = reverse(name, kwargs=arguments(name, params, world))
        except LookupError as error:
            pytest.fail(f"{error}: teach arguments() how to build it")
    failures, sent = [], 0
    for role in ("visitor", "every role"):
        client = Client(raise_request_exception=False)
        if role != "visitor":
            client.force_login(world["person"])
        page = client.get(path)
        if name not in SERVICE_STATUS:
            assert page.status_code < 500, f"GET {path} as {role}: {page.status_code}"
        parser = Forms()
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser.feed(page.content.decode(errors="replace"))
        targets = [
            (form["method"], form["action"] or path, form["fields"])
            for form in parser.forms
            if not form["action"] or (form["action"].startswith("/") and form["action"] != SIGN_OUT)
        ]
        if not targets:  # a POST-only page (publish, move, cancel...): unknown fields, the corpus anyway
            targets = [("post", path, {"reason": ("text", "Fuzz"), "page": ("number", "1")})]
        for method, action, fields in targets:
            parts = urlsplit(action)
            action = parts.path + (f"?{parts.query}" if parts.query else "")
            for label, data in attempts(fields or {"q": ("text", "Fuzz")}):
                response = send(client, method, action, data)
                sent += 1
                if response.status_code >= 500 and name not in SERVICE_STATUS:
                    failures.append(f"{method.upper()} {action} as {role}, {label}: {response.status_code}")
    assert sent >= len(WHOLE_FORM)
    assert failures == []


def int_arguments(name):
    pattern = {found: pattern for found, pattern, _params in url_patterns()}[name]
    converters = getattr(pattern, "converters", {})
    return [param for param, converter in converters.items() if converter.regex == "[0-9]+"]


NAMES_WITH_NUMBERS = [name for name in NAMES if int_arguments(name)]


@pytest.mark.parametrize("name", NAMES_WITH_NUMBERS)
def test_a_twenty_digit_number_in_the_address_is_not_found_never_a_server_error(name, world):
    """Every number in every address, one at a time, made 20 digits long (past any integer column):
    GET and POST answer 4xx, for a visitor and for someone holding every role."""
    params = {found: params for found, _pattern, params in url_patterns()}[name]
    with translation.override("en"):
        kwargs = arguments(name, params, world)
        paths = [reverse(name, kwargs={**kwargs, param: 10**20 - 1}) for param in int_arguments(name)]
    failures = []
    for role in ("visitor", "every role"):
        client = Client(raise_request_exception=False)
        if role != "visitor":
            client.force_login(world["person"])
        for path in paths:
            for method in ("get", "post"):
                status = getattr(client, method)(path).status_code
                if status >= 500 or (status < 400 and role != "visitor" and method == "get"):
                    failures.append(f"{method.upper()} {path} as {role}: {status}")
    assert failures == []
