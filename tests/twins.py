"""One small world for the tests that check each permission predicate against its SQL twin.

Every role of the portal, and objects in every state: a public and a members-only community, a
thread in each status in each, draft and published articles on their own and in each (some by the
community member), an event in each status (some organized by the organizer), library
resources for everyone and for members only, alone or linked to an event or a community. The
twin tests ask, for every (role, object) pair, the predicate and the query: both must answer alike.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from communities.models import Joining, MembershipStatus, PostStatus, Role, Suspension, Visibility
from tests.communities.factories import (
    ArticleFactory,
    CommunityFactory,
    MembershipFactory,
    ThreadFactory,
    member_of,
)
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.learning.factories import make_resource

ROLES = [
    "visitor",
    "member",
    "community member",
    "community moderator",
    "suspended member",
    "pending member",
    "event organizer",
    "admin",
    "deactivated member",
]
EVENT_STATUSES = ["draft", "published", "cancelled", "completed"]


@dataclass
class World:
    users: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    threads: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    resources: dict = field(default_factory=dict)
    articles: dict = field(default_factory=dict)


def build_world():
    world = World()
    public = CommunityFactory(slug="public", visibility=Visibility.PUBLIC, joining=Joining.OPEN)
    closed = CommunityFactory(slug="closed", visibility=Visibility.MEMBERS, joining=Joining.APPROVAL)
    world.communities = {"public": public, "members-only": closed}

    suspended = member_of(closed)
    Suspension.objects.create(
        community=closed, member=suspended, until=timezone.now() + timedelta(days=7), reason="Spam"
    )
    pending = UserFactory()
    MembershipFactory(community=closed, member=pending, status=MembershipStatus.PENDING)
    organizer = UserFactory()
    world.users = {
        "visitor": AnonymousUser(),
        "member": UserFactory(),
        "community member": member_of(closed),
        "community moderator": member_of(closed, role=Role.MODERATOR),
        "suspended member": suspended,
        "pending member": pending,
        "event organizer": organizer,
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "deactivated member": member_of(closed, is_active=False),
    }

    for name, community in world.communities.items():
        for status in PostStatus.values:
            world.threads[f"{status} thread in {name}"] = ThreadFactory(community=community, status=status)

    others = UserFactory()
    for status in EVENT_STATUSES:
        world.events[f"{status} event"] = EventFactory(status=status, organizers=[organizer])
        world.events[f"{status} event of others"] = EventFactory(status=status, organizers=[others])

    for name, community in (("on its own", None), *world.communities.items()):
        for status in ("draft", "published"):
            world.articles[f"{status} article {name}"] = ArticleFactory(community=community, status=status)
            world.articles[f"{status} article {name} by the member"] = ArticleFactory(
                community=community, status=status, author=world.users["community member"]
            )

    published = world.events["published event"]
    for audience in ("public", "members"):
        world.resources[f"{audience} resource"] = make_resource(audience=audience)
        world.resources[f"{audience} event resource"] = make_resource(audience=audience, event=published)
        world.resources[f"{audience} community resource"] = make_resource(audience=audience, community=closed)
    return world


def answers(objects, *, listed, allowed):
    """Two maps label -> bool, one per side: what the query lists, what the predicate allows."""
    listed = set(listed.values_list("pk", flat=True))
    return (
        {label: obj.pk in listed for label, obj in objects.items()},
        {label: bool(allowed(obj)) for label, obj in objects.items()},
    )
