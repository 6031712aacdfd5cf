from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _

from . import logging


class NmcPortalConfig(AppConfig):
    name = "nmc_portal"
    verbose_name = _("NMC Portal")

    def ready(self):
        request_started.connect(logging.start_request, dispatch_uid="nmc_request_id_start")
        request_finished.connect(logging.finish_request, dispatch_uid="nmc_request_id_finish")
