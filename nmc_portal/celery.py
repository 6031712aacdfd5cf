import logging.config
import os

from celery import Celery
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun
from django.conf import settings

from .logging import TASK_HEADER, request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nmc_portal.settings")

app = Celery("nmc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_the_portals_logging(**kwargs):
    """Worker and beat log the same JSON lines as the web process: Celery leaves the root logger alone."""
    logging.config.dictConfig(settings.LOGGING)


@before_task_publish.connect
def pass_on_the_request_id(headers=None, **kwargs):
    """A task enqueued while a request runs carries that request's id."""
    if headers is not None and request_id.get():
        headers.setdefault(TASK_HEADER, request_id.get())


@task_prerun.connect
def restore_the_request_id(task=None, **kwargs):
    request_id.set(getattr(task.request, TASK_HEADER, None) or "")


@task_postrun.connect
def forget_the_request_id(**kwargs):
    request_id.set("")
