"""The `make run` launcher: a child that dies is named with its exit code and last lines, the others
are stopped, and the launcher exits non-zero; Ctrl-C or SIGTERM stops everything and exits 0."""

import os
import signal
import sys
import threading

import pytest

from nmc_portal.launch import Child, stop_on_signals, supervise


@pytest.fixture
def restore_signals():
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def child(name, code):
    return Child(name, [sys.executable, "-c", code], dict(os.environ))


def test_a_child_that_dies_is_named_with_its_exit_code_and_last_lines(capsys, restore_signals):
    web = child("web", "print('starting'); print('ImportError: no module named nmc'); raise SystemExit(3)")
    worker = child("worker", "import time; time.sleep(60)")
    assert supervise([web, worker]) == 3
    assert worker.poll() is not None  # stopped, not left behind
    err = capsys.readouterr().err
    assert "The web process stopped with exit code 3; its last lines were:" in err
    assert "  web| ImportError: no module named nmc" in err
    assert "Stopped the other processes." in err


def test_sigterm_stops_every_child_and_exits_zero(capsys, restore_signals):
    children = [child("web", "import time; time.sleep(60)"), child("beat", "import time; time.sleep(60)")]
    threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGTERM)).start()
    assert supervise(children) == 0
    assert all(c.poll() is not None for c in children)
    assert "stopped with exit code" not in capsys.readouterr().err


def test_ctrl_c_reaching_the_children_first_is_not_reported_as_a_failure(capsys, restore_signals):
    """A terminal's Ctrl-C goes to the whole group: a child may exit before the launcher has looked.
    Here the child itself sends the launcher its SIGINT, then exits at once."""
    web = child("web", "import os, signal; os.kill(os.getppid(), signal.SIGINT)")
    assert supervise([web, child("worker", "import time; time.sleep(60)")]) == 0
    assert "stopped with exit code" not in capsys.readouterr().err


def test_a_ctrl_c_while_the_children_boot_is_not_reported_as_a_failure(capsys, restore_signals):
    """The handlers are set before the children start: a Ctrl-C before supervision began counts."""
    stopping = stop_on_signals()
    os.kill(os.getpid(), signal.SIGINT)
    assert stopping.wait(5)
    web = child("web", "raise SystemExit(0)")
    assert supervise([web], stopping) == 0
    assert "stopped with exit code" not in capsys.readouterr().err
