import pytest

from communities import demo
from communities.models import Article, Community, Membership, MembershipStatus, Reply, Role, Thread
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_demo_load_twice_creates_no_duplicates():
    members_demo.load()
    demo.load()
    counts = (
        Community.objects.count(),
        Membership.objects.count(),
        Thread.objects.count(),
        Reply.objects.count(),
        Article.objects.count(),
    )
    demo.load()
    assert counts == (
        Community.objects.count(),
        Membership.objects.count(),
        Thread.objects.count(),
        Reply.objects.count(),
        Article.objects.count(),
    )
    assert counts == (2, 8, 5, 6, 1)


def test_demo_moderator_moderates_both_communities_and_manager_is_member():
    members_demo.load()
    demo.load()
    moderator = Membership.objects.filter(member__email="moderator@demo.gc.ca", role=Role.MODERATOR)
    assert sorted(moderator.values_list("community__slug", flat=True)) == ["coaching", "engagement"]
    assert (
        Membership.objects.filter(member__email="manager@demo.gc.ca", status=MembershipStatus.ACTIVE).count()
        == 2
    )
    assert Community.objects.get(slug="coaching").joining == "approval"
    assert Community.objects.get(slug="engagement").joining == "open"


def test_demo_seed_discussion_has_its_replies_in_order():
    members_demo.load()
    demo.load()
    thread = Thread.objects.get(title="Collaboration – Day or Night")
    authors = list(thread.replies.order_by("position").values_list("author__full_name", flat=True))
    assert (thread.author.full_name, authors, thread.reply_count) == (
        "Rod Gallant",
        ["Steve Cottle", "Rod Gallant"],
        2,
    )
    assert set(Thread.objects.values_list("language", flat=True)) == {"en", "fr"}


def test_demo_pages_render_in_both_languages(client):
    members_demo.load()
    demo.load()
    thread = Thread.objects.get(title="Collaboration – Day or Night")
    page = client.get(f"/fr/communautes/engagement/discussions/{thread.pk}/").content.decode()
    assert "A small investment of time but a huge" in page
    assert '<div class="post-body" lang="en" data-typed>' in page
    page = client.get("/en/communities/engagement/").content.decode()
    assert page.index("Welcome to the Engagement community") < page.index("Collaboration – Day or Night")
    assert client.get("/en/communities/coaching/").status_code == 200


def test_demo_seed_001_is_a_published_article_with_comments_closed_its_tags_and_visits(client):
    members_demo.load()
    demo.load()
    article = Article.objects.get()
    assert (article.title, article.community.slug, article.status, article.language) == (
        "Great “behind-the-scenes” progress in 2013, now let’s get creative!",
        "engagement",
        "published",
        "en",
    )
    assert (article.comments_closed, article.visit_count, sorted(article.tags.names())) == (
        True,
        721,
        ["Compliment", "Governance", "Government"],
    )
    assert "Skip to content" not in article.body and "Visited 721" not in article.body
    assert article.search_titles.startswith("Great")
    page = client.get(f"/fr/articles/{article.pk}/{article.slug}/").content.decode()
    assert "Les commentaires sont fermés." in page
    assert '<h1 lang="en">Great “behind-the-scenes” progress in 2013, now let’s get creative!</h1>' in page
    assert "<h3>Issuing simplified guidelines and educating staff</h3>" in page
    english = client.get(f"/en/articles/{article.pk}/{article.slug}/").content.decode()
    assert "Comments are closed." in english and "Visited 721 times" in english
    assert article.title in client.get("/en/communities/engagement/").content.decode()
