"""Benchmark harness: serve the portal with gunicorn on PostgreSQL and measure pages against a minimal view.

Reusable by every app's benchmark:

    with serve() as base_url:
        rows = [measure("minimal view", base_url + MINIMAL_PATH), measure("agenda", base_url + "/en/...")]
    print_report(rows)

The load generator is bounded: a fixed number of requests spread over a few threads, each keeping its
connection alive, so a run takes seconds and its figures compare from one run to the next.
"""

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
MINIMAL_PATH = "/bench/minimal/"
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        with contextlib.suppress(OSError):
            parts = urllib.parse.urlsplit(url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            connection.request("GET", parts.path)
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


@contextlib.contextmanager
def serve(settings="tests.benchmarks.settings_bench", workers=WORKERS):
    """gunicorn (gthread workers, keep-alive) on a free 127.0.0.1 port; yields the base URL."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DEBUG": "false", "ADMIN_MFA_REQUIRED": "false"}
    command = [
        sys.executable, "-m", "gunicorn", "nmc_portal.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", "2", "--keep-alive", "10",
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=BASE_DIR)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url + MINIMAL_PATH, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _client(host, port, path, count, latencies, failures, cookies=()):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    for n in range(count):
        headers = {"Connection": "keep-alive"}
        if cookies:
            headers["Cookie"] = cookies[n % len(cookies)]
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            ok = False
        latencies.append(time.perf_counter() - started)
        if not ok:
            failures.append(path)
    connection.close()


def measure(name, url, *, requests=REQUESTS, concurrency=CONCURRENCY, warmup=20, cookies=()):
    """GET url `requests` times over `concurrency` keep-alive connections: throughput and latencies.

    With `cookies` (Cookie header values, e.g. one signed-in member each), each client sends them in turn,
    starting at its own offset, so the requests spread over every member."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    _client(parts.hostname, parts.port, path, warmup, [], [], cookies)
    latencies, failures = [], []
    share = [requests // concurrency + (1 if n < requests % concurrency else 0) for n in range(concurrency)]
    threads = [
        threading.Thread(
            target=_client,
            args=(parts.hostname, parts.port, path, count, latencies, failures, cookies[n:] + cookies[:n]),
        )
        for n, count in enumerate(share)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "name": name,
        "requests": len(latencies),
        "failures": len(failures),
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
    }


def print_report(rows, baseline=0, title="Benchmark"):
    """A table of the rows; the ratio is each row's throughput over the baseline row's."""
    base = rows[baseline]["rps"]
    print(f"\n{title} ({WORKERS} gunicorn workers, {CONCURRENCY} keep-alive clients)")
    header = ("page", "requests", "failed", "req/s", "median ms", "p95 ms", "ratio")
    print("{:<28} {:>8} {:>6} {:>8} {:>10} {:>8} {:>6}".format(*header))
    for row in rows:
        print(
            f"{row['name']:<28} {row['requests']:>8} {row['failures']:>6} {row['rps']:>8.1f} "
            f"{row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {row['rps'] / base:>6.2f}"
        )
    print(flush=True)


BENCH_DIR = BASE_DIR / "var" / "bench"


def goal(label, value, target, *, at_most=False):
    """One goal of the benchmark: `value` must reach `target` (or stay under it with at_most=True)."""
    met = value <= target if at_most else value >= target
    return {"goal": label, "value": round(value, 3), "target": target, "at_most": at_most, "met": met}


def record(section, figures, goals=()):
    """Keep a benchmark's figures in var/bench/<section>.json (one file per section, the latest run)
    and print each goal as met or missed. Goals are printed, never asserted: timings vary by machine."""
    import json

    goals = list(goals)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    payload = {
        "section": section,
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "gunicorn_workers": WORKERS},
        "figures": figures,
        "goals": goals,
    }
    (BENCH_DIR / f"{section}.json").write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    for row in goals:
        sign = "<=" if row["at_most"] else ">="
        verdict = "met" if row["met"] else "MISSED"
        print(f"goal {row['goal']:<44} {row['value']:>10} {sign} {row['target']:<8} {verdict}")
    print(f"figures written to {(BENCH_DIR / f'{section}.json').relative_to(BASE_DIR)}", flush=True)
