"""The portal on several nodes, on one machine: what `make cluster` starts and its benchmark measures.

    HAProxy :PORT ──> web1, web2 (gunicorn) ──> PgBouncer (transaction mode) ──> PostgreSQL
                      worker1, worker2, beat (Celery) ──┘          Redis (broker, cache) <── all

This module writes the configuration files (under var/cluster/) and names the commands; the launcher
(nmc_portal.launch) runs them. Like the launcher it must not import Django settings.
"""

import os
import pwd
import shutil
import socket
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HEALTH_PATH = "/healthz"  # nmc_portal.views.healthz: this process and PostgreSQL answer
POOL_SIZE = 10  # PostgreSQL connections PgBouncer opens, whatever the number of web threads
WEB_NODES = 2
WORKERS = 2
# HAProxy probes each node every half second and takes it out after two failed probes: a dead node
# stops receiving requests within about a second (its connections are refused at once, and those
# are sent again to the other node).
CHECK_INTER_MS = 500
CHECK_FALL = 2
CHECK_RISE = 2

PROGRAMS = {"haproxy": "haproxy", "pgbouncer": "pgbouncer"}  # program: its Debian package
SBIN = ("/usr/local/sbin", "/usr/sbin")  # where Debian puts them, not always on a user's PATH


class MissingProgram(Exception):
    pass


def find_program(name, path=None):
    """The path of haproxy or pgbouncer, or MissingProgram naming the Debian package to install.
    Looked for on `path` (PATH and the sbin directories by default)."""
    path = path if path is not None else os.pathsep.join([os.environ.get("PATH", ""), *SBIN])
    found = shutil.which(name, path=path)
    if found is None:
        package = PROGRAMS[name]
        raise MissingProgram(
            f"{name} is not installed: install the Debian package {package} (sudo apt-get install {package})."
        )
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_database_url(url):
    """host, port, user, password and database name of a postgres:// URL (host may be a socket dir)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    return {
        "host": query.get("host", [parts.hostname or "127.0.0.1"])[0],
        "port": parts.port or 5432,
        "user": urllib.parse.unquote(parts.username or "postgres"),
        "password": urllib.parse.unquote(parts.password or ""),
        "dbname": urllib.parse.unquote(parts.path.lstrip("/")),
    }


def _quote(value):
    """A value in pgbouncer.ini's connection strings and auth_file."""
    return value.replace("'", "''")


@dataclass
class PgBouncer:
    """PgBouncer in transaction mode in front of the server DATABASE_URL names."""

    directory: Path
    database_url: str
    port: int = field(default_factory=free_port)
    pool_size: int = POOL_SIZE
    _files: Path = None

    @property
    def server(self):
        return parse_database_url(self.database_url)

    @property
    def url(self):
        """DATABASE_URL for the portal's processes: the pooler, same user, password and database."""
        server = self.server
        user = urllib.parse.quote(server["user"], safe="")
        password = f":{urllib.parse.quote(server['password'], safe='')}" if server["password"] else ""
        return f"postgres://{user}{password}@127.0.0.1:{self.port}/{urllib.parse.quote(server['dbname'])}"

    @property
    def config(self):
        """pgbouncer.ini; its directory is private to the user PgBouncer runs as. Run as root, PgBouncer
        runs as another user, who may not traverse the path to var/: its files go to a fresh directory
        under the system's temporary directory instead."""
        if self._files is None:
            if self.run_as():
                self._files = Path(tempfile.mkdtemp(prefix="nmc-pgbouncer-"))
            else:
                self._files = self.directory / "pgbouncer"
        return self._files / "pgbouncer.ini"

    def run_as(self):
        """PgBouncer refuses to run as root: then it runs as the owner of the server's socket directory
        (the embedded PostgreSQL's system user), else as nobody, and owns its files."""
        if os.geteuid() != 0:
            return None
        host = self.server["host"]
        return pwd.getpwuid(Path(host).stat().st_uid).pw_name if host.startswith("/") else "nobody"

    def write_config(self):
        """pgbouncer.ini and its auth_file. Clients log in as the server's user: with a password it is
        checked (SCRAM) and PgBouncer logs in to PostgreSQL with it; without one (the embedded server,
        trust on a unix socket) PgBouncer trusts clients too, listening on the loopback only."""
        server = self.server
        directory = self.config.parent
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        auth_file = directory / "users.txt"
        auth_file.touch(mode=0o600)
        auth_file.write_text(f'"{_quote(server["user"])}" "{_quote(server["password"])}"\n')
        host = f"host={server['host']} port={server['port']}"  # a socket's port names its file
        self.config.write_text(
            f"""[databases]
{server["dbname"]} = {host} dbname={server["dbname"]} user={server["user"]} timezone=UTC

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = {"scram-sha-256" if server["password"] else "trust"}
auth_file = {auth_file}
admin_users = {server["user"]}
pool_mode = transaction
default_pool_size = {self.pool_size}
reserve_pool_size = 0
max_db_connections = {self.pool_size}
max_client_conn = 1000
server_reset_query =
log_connections = 0
log_disconnections = 0
log_pooler_errors = 1
pidfile = {directory / "pgbouncer.pid"}
"""
        )
        if user := self.run_as():
            entry = pwd.getpwnam(user)
            for path in (directory, auth_file, self.config):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        return self.config

    def remove_files(self):
        """Forget the temporary directory a run as root used (var/cluster/ stays for a look)."""
        if self._files is not None and self._files != self.directory / "pgbouncer":
            shutil.rmtree(self._files, ignore_errors=True)

    def command(self):
        user = self.run_as()
        return [find_program("pgbouncer"), *(["-u", user] if user else []), str(self.config)]


@dataclass
class HAProxy:
    """HAProxy balancing the web nodes, with health checks on the readiness endpoint."""

    directory: Path
    nodes: list  # [(name, port)]
    port: int = field(default_factory=free_port)
    node_maxconn: int = 8  # requests a node serves at once (its workers x threads); the rest wait here

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    @property
    def stats_socket(self):
        return self.directory / "haproxy.sock"

    @property
    def config(self):
        return self.directory / "haproxy.cfg"

    def write_config(self):
        """Round robin over the nodes, each given at most node_maxconn requests at once: the others wait in
        HAProxy's queue (up to 30 s), not in a node's, so a busy node still answers its health probe in
        time and is not taken out for being busy. A node is taken out after CHECK_FALL failed probes;
        a request whose connection a dead node refuses is sent again to another (retries, redispatch);
        a request a node died while answering gets a 502, and the client may send it again (the portal's
        forms are idempotent: a second sign-up returns the first registration)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        check = (
            f"check inter {CHECK_INTER_MS}ms fall {CHECK_FALL} rise {CHECK_RISE} maxconn {self.node_maxconn}"
        )
        servers = "\n".join(f"    server {name} 127.0.0.1:{port} {check}" for name, port in self.nodes)
        self.config.write_text(
            f"""global
    maxconn 2000
    stats socket {self.stats_socket} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 10s
    timeout queue 30s
    timeout check 2s
    retries 3
    option redispatch 1
    option forwardfor

frontend portal
    bind 127.0.0.1:{self.port}
    default_backend web

backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri {HEALTH_PATH}
    http-check expect status 200
{servers}
"""
        )
        return self.config

    def command(self):
        return [find_program("haproxy"), "-db", "-f", str(self.config)]

    def servers_up(self):
        """{server name: whether HAProxy has it UP}, from the stats socket."""
        rows = self.ask("show stat").splitlines()
        header = rows[0].lstrip("# ").split(",")
        up = {}
        for row in rows[1:]:
            values = dict(zip(header, row.split(","), strict=False))
            if values.get("pxname") == "web" and values.get("svname") not in ("FRONTEND", "BACKEND", None):
                up[values["svname"]] = values["status"].startswith("UP")
        return up

    def ask(self, command):
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(self.stats_socket))
            sock.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()


def web_command(port, *, workers, threads):
    return [
        sys.executable, "-m", "gunicorn", "nmc_portal.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--graceful-timeout", "5", "--keep-alive", "10",
        "--no-control-socket",  # one per machine by default (~/.gunicorn): the nodes would share it
    ]  # fmt: skip


def worker_command(name, *, concurrency):
    return [
        sys.executable, "-m", "celery", "-A", "nmc_portal", "worker", "-n", f"{name}@%h",
        "--loglevel", "INFO", "--concurrency", str(concurrency),
    ]  # fmt: skip


def beat_command(directory):
    return [
        sys.executable, "-m", "celery", "-A", "nmc_portal", "beat", "--loglevel", "INFO",
        "--schedule", str(Path(directory) / "celerybeat-schedule"),
    ]  # fmt: skip


@dataclass
class Layout:
    """Everything `make cluster` runs: [(name, command, extra environment)], in start order."""

    directory: Path
    database_url: str
    port: int
    web_workers: int = 2
    web_threads: int = 4
    pool_size: int = POOL_SIZE

    def __post_init__(self):
        self.pgbouncer = PgBouncer(self.directory, self.database_url, pool_size=self.pool_size)
        self.web_ports = {f"web{n}": free_port() for n in range(1, WEB_NODES + 1)}
        self.haproxy = HAProxy(
            self.directory,
            list(self.web_ports.items()),
            port=self.port,
            node_maxconn=self.web_workers * self.web_threads,
        )

    def processes(self):
        self.pgbouncer.write_config()
        self.haproxy.write_config()
        pooled = {"DATABASE_URL": self.pgbouncer.url, "DATABASE_POOLER": "pgbouncer"}
        return [
            ("pgbouncer", self.pgbouncer.command(), {}),
            *(
                (name, web_command(port, workers=self.web_workers, threads=self.web_threads), pooled)
                for name, port in self.web_ports.items()
            ),
            ("haproxy", self.haproxy.command(), {}),
            *(
                (f"worker{n}", worker_command(f"worker{n}", concurrency=2), pooled)
                for n in range(1, WORKERS + 1)
            ),
            ("beat", beat_command(self.directory), pooled),
        ]
