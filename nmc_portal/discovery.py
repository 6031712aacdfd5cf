from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(submodule):
    """The `<app>.<submodule>` modules of installed apps that have one, in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.{submodule}")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, submodule)
    ]
