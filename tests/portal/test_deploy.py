import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "nmc_portal.settings",
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": "n7#qv-3kz!p0w8@x2r$e5t^y6u&i9o*l1a(s)d_f+g=h4j7k0m3b6v9c2x5z8q",
    "ALLOWED_HOSTS": "portal.nmc-rcg.gc.ca",
    "SITE_URL": "https://portal.nmc-rcg.gc.ca",
}


def check_deploy(**overrides):
    env = {**os.environ, **PRODUCTION, **overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_without_https_and_with_a_weak_key():
    result = check_deploy(HTTPS="false", SECRET_KEY="too-short")
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_portal_refuses_to_start_with_the_development_key_and_debug_off():
    environment = {**os.environ, **PRODUCTION}
    for name in ("SECRET_KEY", "ALLOW_DEVELOPMENT_SECRET_KEY"):
        environment.pop(name, None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", "import nmc_portal.wsgi"], cwd=BASE_DIR, env=environment, capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_the_development_key_is_accepted_with_debug_on():
    result = check_deploy(SECRET_KEY="dev-only-not-secret-nmc-portal-key", DEBUG="true")
    assert "ImproperlyConfigured" not in result.stderr
    assert "security.W018" in result.stderr  # DEBUG in deployment: reported, not refused


def default_storage_class(**overrides):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nmc_portal.settings", **overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    script = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_uploads_go_to_the_local_disk_by_default():
    assert default_storage_class() == "FileSystemStorage"


def test_uploads_go_to_object_storage_when_asked():
    assert default_storage_class(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="nmc-media") == "S3Storage"
