"""`make cluster` (python -m nmc_portal.launch cluster): two web nodes behind HAProxy, PgBouncer, two
Celery workers and beat, serving through HAProxy; Ctrl-C stops every one of its processes."""

import os
import signal
import subprocess
import sys
import threading

import psutil
import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from nmc_portal import cluster
from tests.portal.celery_processes import BASE_DIR, RedisServer, database_url, wait_for
from tests.portal.cluster_processes import request, require


def test_a_missing_program_names_the_debian_package_to_install(tmp_path):
    with pytest.raises(cluster.MissingProgram) as missing:
        cluster.find_program("pgbouncer", path=str(tmp_path))
    assert str(missing.value) == (
        "pgbouncer is not installed: install the Debian package pgbouncer (sudo apt-get install pgbouncer)."
    )


@pytest.fixture
def launch_database():
    """A database of its own on the test server, dropped afterwards: the launcher migrates it and
    loads the demo, as `make cluster` does on a fresh clone."""
    name = f"{settings.DATABASES['default']['NAME']}_cluster_launch"
    admin = database_url("postgres")
    connection = psycopg2.connect(admin)
    connection.autocommit = True  # CREATE and DROP DATABASE run outside transactions
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with connection.cursor() as cursor:
        cursor.execute(drop)
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(drop)
        connection.close()


def test_cluster_serves_through_haproxy_and_ctrl_c_stops_every_process(tmp_path, launch_database):
    require("haproxy")
    require("pgbouncer")
    redis = RedisServer(tmp_path).start()  # its own broker: its workers take no other test's tasks
    port = cluster.free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=launch_database, REDIS_URL=redis.url, PORT=str(port), LOG_LEVEL="WARNING")
    launcher = subprocess.Popen(
        [sys.executable, "-m", "nmc_portal.launch", "cluster"],
        env=env, cwd=BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(launcher.stdout), daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: any("NMC Portal cluster:" in line for line in lines), 300, interval=0.5), (
            "".join(lines[-40:])
        )
        children = psutil.Process(launcher.pid).children(recursive=True)
        names = [" ".join(child.cmdline()) for child in children]
        status, _headers, page = request(port, "GET", "/en/")
        health = request(port, "GET", "/healthz")
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=60) == 0
    finally:
        if launcher.poll() is None:
            launcher.kill()
        redis.stop()
    reader.join(timeout=5)
    output = "".join(lines)
    assert status == 200
    assert "NMC Portal" in page
    assert (health[0], health[2]) == (200, '{"status": "ok", "checks": {"database": "up", "redis": "up"}}')
    assert f"NMC Portal cluster: http://127.0.0.1:{port}/en/" in output
    assert "  member     manager@demo.gc.ca" in output
    assert sum("gunicorn" in name for name in names) >= 4  # two nodes: a master and workers each
    assert sum("haproxy" in name for name in names) == 1
    assert sum("pgbouncer" in name for name in names) == 1
    assert sum("beat" in name for name in names) == 1
    assert {"worker1", "worker2"} <= {word.split("@")[0] for name in names for word in name.split()}
    left = [child for child in children if child.is_running() and child.status() != psutil.STATUS_ZOMBIE]
    assert left == []
