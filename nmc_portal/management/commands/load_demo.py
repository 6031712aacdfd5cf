from django.core.management.base import BaseCommand
from django.db import transaction

from nmc_portal.discovery import app_modules


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again creates no duplicates)."

    def handle(self, *args, **options):
        # Each app's demo.load() builds on the ones before it (members first).
        with transaction.atomic():
            for module in app_modules("demo"):
                module.load()
                self.stdout.write(f"Demo data loaded: {module.__name__}")
