from django.apps import AppConfig


class NmcPortalConfig(AppConfig):
    name = "nmc_portal"
    verbose_name = "NMC Portal"
