"""Grant or revoke the portal's roles without the Django admin.

    manage.py grant_role organizer EMAIL --event SLUG        # joins the event's organizer team
    manage.py grant_role moderator EMAIL --community SLUG    # moderates the community (joins it if needed)
    manage.py grant_role admin EMAIL                         # site administrator
    manage.py grant_role ... --revoke                        # takes the role back

Organizers and moderators are roles on one event or one community, as the portal's permissions check
them; revoking a moderator leaves them a member of the community.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from communities.models import Community, Membership, MembershipStatus, Role
from events.models import Event
from members.models import User

ROLES = ["organizer", "moderator", "admin"]


class Command(BaseCommand):
    help = "Grant (or with --revoke, take back) the organizer, moderator or admin role."

    def add_arguments(self, parser):
        parser.add_argument("role", choices=ROLES)
        parser.add_argument("email")
        parser.add_argument("--event", help="Event slug (organizer)")
        parser.add_argument("--community", help="Community slug (moderator)")
        parser.add_argument("--revoke", action="store_true")

    @transaction.atomic
    def handle(self, role, email, event, community, revoke, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No member signed up with {email}.")
        if role == "organizer":
            message = self.organizer(user, self.event(event), revoke)
        elif role == "moderator":
            message = self.moderator(user, self.community(community), revoke)
        else:
            user.is_staff = user.is_superuser = not revoke
            user.save(update_fields=["is_staff", "is_superuser"])
            message = f"{user.email} is {'no longer' if revoke else 'now'} an administrator."
        self.stdout.write(message)

    def event(self, slug):
        if not slug:
            raise CommandError("Name the event: --event SLUG.")
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(f"No event with the slug {slug}.")
        return event

    def community(self, slug):
        if not slug:
            raise CommandError("Name the community: --community SLUG.")
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise CommandError(f"No community with the slug {slug}.")
        return community

    def organizer(self, user, event, revoke):
        if revoke:
            event.organizers.remove(user)
            return f"{user.email} is no longer an organizer of {event.slug}."
        event.organizers.add(user)
        return f"{user.email} now organizes {event.slug}."

    def moderator(self, user, community, revoke):
        membership = Membership.objects.filter(community=community, member=user).first()
        if revoke:
            if membership is not None and membership.role == Role.MODERATOR:
                membership.role = Role.MEMBER
                membership.save(update_fields=["role"])
            return f"{user.email} no longer moderates {community.slug}."
        membership = membership or Membership(community=community, member=user)
        membership.role, membership.status = Role.MODERATOR, MembershipStatus.ACTIVE
        membership.joined_at = membership.joined_at or timezone.now()
        membership.save()
        return f"{user.email} now moderates {community.slug}."
