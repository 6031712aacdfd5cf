"""DATABASE_POOLER=pgbouncer: the portal works through PgBouncer in transaction mode, where each
transaction may run on another PostgreSQL connection (no server-side cursors, no session state, no
connection kept by Django between requests)."""

import json
import os
import subprocess
import sys
import urllib.parse

import pytest
from django.conf import settings
from django.test import Client

from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.learning.factories import make_resource
from tests.portal.celery_processes import BASE_DIR
from tests.portal.cluster_processes import gunicorn, pgbouncer, pgbouncer_admin, request

CSRF = "poolercsrfsecretpoolercsrfsecret"  # a 32-character CSRF secret, as the cookie carries it


def database_settings(**env):
    """DATABASES["default"] as nmc_portal.settings reads it from this environment, in a fresh process."""
    code = (
        "import json; from django.conf import settings; import django; django.setup(); "
        "db = settings.DATABASES['default']; "
        "print(json.dumps([db.get('DISABLE_SERVER_SIDE_CURSORS', False), db['CONN_MAX_AGE']]))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "nmc_portal.settings", "CONN_MAX_AGE": "60", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=BASE_DIR, capture_output=True, text=True
    )
    return result.returncode, result.stdout, result.stderr


def test_pgbouncer_pooler_turns_off_server_side_cursors_and_kept_connections():
    assert database_settings(DATABASE_POOLER="pgbouncer")[:2] == (0, json.dumps([True, 0]) + "\n")
    assert database_settings(DATABASE_POOLER="")[:2] == (0, json.dumps([False, 60]) + "\n")


def test_an_unknown_pooler_is_refused_at_startup_with_the_choices():
    returncode, _out, err = database_settings(DATABASE_POOLER="pgpool")
    assert returncode == 1
    assert "DATABASE_POOLER must be empty or pgbouncer, not 'pgpool'." in err


@pytest.mark.django_db(transaction=True)
def test_registration_and_search_work_through_pgbouncer_in_transaction_mode(tmp_path):
    member = UserFactory()
    event = EventFactory()
    make_resource(title_en="Pooled connections guide", title_fr="Guide des connexions partagées")
    client = Client()
    client.force_login(member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
    cookie += f"{settings.CSRF_COOKIE_NAME}={CSRF}"
    with pgbouncer(tmp_path, pool_size=2) as bouncer:
        assert {row["key"]: row["value"] for row in pgbouncer_admin(bouncer, "SHOW CONFIG")}["pool_mode"] == (
            "transaction"
        )
        with gunicorn(bouncer.url) as port:
            register = f"/en/events/{event.slug}/register/"
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF, "accessibility_needs": "Captioning"})
            status, headers, _text = request(port, "POST", register, cookie=cookie, body=body)
            assert (status, headers["Location"]) == (302, f"/en/events/{event.slug}/workshops/")
            again = request(port, "POST", register, cookie=cookie, body=body)  # a client retrying
            assert again[0] == 302
            status, _headers, text = request(port, "GET", "/en/library/search/?q=pooled", cookie=cookie)
            assert status == 200
            assert "1 result matches “pooled”" in text
            assert '<a href="/en/library/pooled-connections-guide/">Pooled connections guide</a>' in text
            assert request(port, "GET", "/healthz")[:1] == (200,)
        stats = {row["database"]: row for row in pgbouncer_admin(bouncer, "SHOW STATS")}
    registration = Registration.objects.get(event=event, user=member)
    assert (registration.status, registration.accessibility_needs) == ("confirmed", "Captioning")
    assert Registration.objects.filter(event=event).count() == 1
    assert stats[settings.DATABASES["default"]["NAME"]]["total_xact_count"] > 0  # it went through PgBouncer
