"""The files a deployment reads agree with the code: every setting in .env.example, a Procfile with
the four process types."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
READ = re.compile(r"""env(?:\.[a-z_]+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by_settings():
    source = (BASE_DIR / "nmc_portal" / "settings.py").read_text(encoding="utf-8")
    return set(READ.findall(source))


def test_env_example_lists_every_variable_the_settings_read():
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    read = variables_read_by_settings()
    assert len(read) > 20  # the pattern still finds the settings' reads
    assert read - listed == set()


def test_readme_documents_every_variable_the_settings_read():
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert {name for name in variables_read_by_settings() if f"`{name}`" not in readme} == set()


def test_procfile_runs_web_worker_beat_and_a_release_that_migrates_and_checks():
    lines = dict(
        line.split(":", 1) for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.strip()
    )
    assert set(lines) == {"web", "worker", "beat", "release"}
    assert "gunicorn nmc_portal.wsgi" in lines["web"]
    assert "celery -A nmc_portal worker" in lines["worker"]
    assert "celery -A nmc_portal beat" in lines["beat"]
    assert "migrate" in lines["release"] and "check --deploy" in lines["release"]


def test_smtp_connections_give_up_instead_of_blocking_a_worker():
    """A mail server that accepts the connection and never answers would hold a Celery worker forever
    without a timeout: the SMTP backend gets EMAIL_TIMEOUT (10 seconds unless set)."""
    from django.conf import settings
    from django.core.mail import get_connection

    assert settings.EMAIL_TIMEOUT == 10
    assert get_connection("django.core.mail.backends.smtp.EmailBackend").timeout == 10
