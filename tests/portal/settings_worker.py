"""Settings for the Celery worker processes the delivery tests start: mail written to files.

The test settings keep mail in memory (locmem), which a separate process cannot share; here each
message is written by Django's file backend into NMC_TEST_MAIL_DIR, where the test counts them. A
short visibility timeout lets a message held by a killed worker come back within seconds.
"""

import os

from nmc_portal.settings_test import *  # noqa: F403 (the worker runs the test settings, mail aside)

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["NMC_TEST_MAIL_DIR"]
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 5}  # noqa: F405
