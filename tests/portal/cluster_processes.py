"""Real PgBouncer, gunicorn and HAProxy processes for the pooler and cluster tests (nmc_portal.cluster).

PgBouncer and HAProxy are Debian packages: a machine without them skips these tests, except in CI
(CI=true), where .ci/run installs them and a missing one fails the test.
"""

import contextlib
import http.client
import os
import socket
import subprocess
import time

import pytest

from nmc_portal import cluster
from tests.portal.celery_processes import BASE_DIR, database_url


def require(program):
    try:
        return cluster.find_program(program)
    except cluster.MissingProgram as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


def wait_for_port(port, process, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode(errors="replace")[-2000:] if process.stderr else ""
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}: {said}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def pgbouncer(directory, pool_size=4):
    """PgBouncer in transaction mode in front of the test database; yields the cluster.PgBouncer."""
    require("pgbouncer")
    bouncer = cluster.PgBouncer(directory, database_url(), pool_size=pool_size)
    bouncer.write_config()
    process = subprocess.Popen(bouncer.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(bouncer.port, process)
        yield bouncer
    finally:
        stop(process)
        bouncer.remove_files()


@contextlib.contextmanager
def gunicorn(database_url, settings="nmc_portal.settings_test", **extra_env):
    """One web node (gunicorn) on a free port, its database through `database_url`; yields the port."""
    port = cluster.free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "DATABASE_POOLER": "pgbouncer",
        **extra_env,
    }
    command = [*cluster.web_command(port, workers=1, threads=4), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=BASE_DIR)
    try:
        wait_for_port(port, process, timeout=60)
        yield port
    finally:
        stop(process)


def request(port, method, path, *, cookie="", body=None, timeout=30):
    """(status, headers, text) of one request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def pgbouncer_admin(bouncer, command):
    """Rows of a PgBouncer admin console command (SHOW CONFIG, SHOW STATS...) as dicts."""
    import psycopg2

    admin_url = bouncer.url.rsplit("/", 1)[0] + "/pgbouncer"
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True  # the admin console takes no transactions
    try:
        with connection.cursor() as cursor:
            cursor.execute(command)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        connection.close()
