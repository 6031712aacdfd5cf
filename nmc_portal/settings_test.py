"""Test settings: same code paths as production, faster hashing, mail kept in memory."""

import os

# Tests run with the development key (nmc_portal.settings refuses it unless told it is a developer's run).
os.environ.setdefault("ALLOW_DEVELOPMENT_SECRET_KEY", "true")

from .settings import *  # noqa: E402, F403 (test settings extend the real ones)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Test keys only, and one prefix per pytest-xdist worker: a test clearing its keys never clears another's.
CACHES["default"]["KEY_PREFIX"] = f"nmc-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
ADMIN_MFA_REQUIRED = False
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A French page that says "e-mail" (tests/french_guard.py) or breaks the French typography
# (tests/guard_typography.py) fails the test that rendered it; so does a page in either language that
# shows a raw timestamp (2026-11-10 16:22, or 16:22 in French: tests/guard_times.py).
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE,  # noqa: F405
    "tests.french_guard.FrenchWordingMiddleware",
    "tests.guard_typography.FrenchTypographyMiddleware",
    "tests.guard_times.TimesMiddleware",
]
