"""Demo members: one per role, signed in with the password printed by `make run`."""

from allauth.account.models import EmailAddress

from nmc_portal.launch import DEMO_PASSWORD

from .models import User

DEMO_MEMBERS = [
    # email, name, department, region, position, language, staff
    ("manager@demo.gc.ca", "Morgan Tremblay", "tc", "pacific", "manager", "en", False),
    ("organizer@demo.gc.ca", "Olivia Singh", "esdc", "pacific", "senior_manager", "en", False),
    ("moderator@demo.gc.ca", "Mathieu Gagnon", "csps", "quebec", "manager", "fr", False),
    ("admin@demo.gc.ca", "Alex Nguyen", "tbs", "ncr", "executive", "en", True),
]


def demo_user(email):
    return User.objects.get(email=email)


def load():
    for email, name, department, region, position, language, staff in DEMO_MEMBERS:
        user, created = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": name,
                "department": department,
                "region": region,
                "position": position,
                "preferred_language": language,
                "directory_visible": True,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
