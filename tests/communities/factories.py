import factory
from django.utils import timezone
from django.utils.text import slugify

from communities.models import (
    Article,
    ArticleComment,
    ArticleStatus,
    Community,
    Joining,
    Membership,
    MembershipStatus,
    Reply,
    Role,
    Thread,
    Visibility,
)
from communities.sanitize import render_markdown
from tests.factories import UserFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"community-{n}")
    name_en = factory.Sequence(lambda n: f"Community {n}")
    name_fr = factory.Sequence(lambda n: f"Communauté {n}")
    description_en = "Managers who help each other."
    description_fr = "Des gestionnaires qui s'entraident."
    joining = Joining.OPEN
    visibility = Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    member = factory.SubFactory(UserFactory)
    role = Role.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Discussion {n}")
    body = "How do you run **good** meetings?"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    language = "en"


def member_of(community, role=Role.MEMBER, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(community=community, member=user, role=role)
    return user


def add_replies(thread, count, author=None):
    """Bulk replies at the next positions, as post_reply would number them."""
    author = author or UserFactory()
    start = thread.reply_count
    Reply.objects.bulk_create(
        Reply(
            thread=thread,
            author=author,
            body=f"Reply {start + number}",
            body_html=f"<p>Reply {start + number}</p>",
            language="en",
            position=start + number,
        )
        for number in range(1, count + 1)
    )
    thread.reply_count = start + count
    Thread.objects.filter(pk=thread.pk).update(reply_count=thread.reply_count)
    return thread


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article on its own unless told otherwise (status="draft", community=...)."""

    class Meta:
        model = Article

    author = factory.SubFactory(UserFactory)
    community = None
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title) or "article")
    body = "What I learned running **hybrid** meetings."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    language = "en"
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ArticleStatus.PUBLISHED else None
    )


class ArticleCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleComment

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(UserFactory)
    body = "Thank you for this."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    language = "en"
