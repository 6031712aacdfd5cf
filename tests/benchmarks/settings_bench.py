"""The portal's settings, with a URLconf that adds a minimal view to compare pages against."""

from nmc_portal.settings import *  # noqa: F403 (the benchmark serves the real settings)

ROOT_URLCONF = "tests.benchmarks.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
