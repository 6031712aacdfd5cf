"""The first administrator, without the Django admin: `manage.py create_admin EMAIL --name "…"`.

The password comes from the ADMIN_PASSWORD environment variable (for scripts) or is asked twice. The
email is marked verified, so the administrator can sign in at once; with ADMIN_MFA_REQUIRED they set up
two-factor sign-in at their first visit.
"""

import getpass
import os

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import User


class Command(BaseCommand):
    help = "Create an administrator (or make an existing member one), email verified."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Full name")
        parser.add_argument("--language", choices=["en", "fr"], default="en")

    def handle(self, email, name, language, **options):
        email = User.objects.normalize_email(email).lower()
        password = os.environ.get("ADMIN_PASSWORD") or self.ask_password()
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            created = user.pk is None
            user.full_name = name or user.full_name
            user.preferred_language = language if created else user.preferred_language
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        verb = "Created" if created else "Made"
        self.stdout.write(f"{verb} administrator {email}.")

    def ask_password(self):
        if not self.stdin_is_interactive():
            raise CommandError("Set ADMIN_PASSWORD, or run the command in a terminal to type it.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

    def stdin_is_interactive(self):
        return os.isatty(0)
