"""A member writes an article in a community and publishes it; another comments; the author closes the
comments and the page says so. One run per official language, by role and label, axe on every page."""

import re

import pytest

from communities.models import Article, ArticleComment, Role
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "home": "/en/communities/engagement/",
        "nav": "Articles",
        "write": "Write an article",
        "title": "Title",
        "body": "Text",
        "tags": "Tags",
        "where": "Where to publish",
        "community": "Engagement",
        "save": "Save the draft",
        "required": "This field is required.",
        "draft": "Draft: only you can see this article.",
        "publish": "Publish the article",
        "published": "Your article is published.",
        "comment": "Your comment",
        "post": "Post my comment",
        "posted": "Your comment was posted.",
        "close": "Close the comments",
        "closed": "Comments are closed.",
        "visits": "Visited 1 time",
    },
    "fr": {
        "home": "/fr/communautes/engagement/",
        "nav": "Articles",
        "write": "Écrire un article",
        "title": "Titre",
        "body": "Texte",
        "tags": "Étiquettes",
        "where": "Où publier",
        "community": "Mobilisation",
        "save": "Enregistrer le brouillon",
        "required": "Ce champ est obligatoire.",
        "draft": "Brouillon\xa0: cet article est visible par vous seulement.",
        "publish": "Publier l'article",
        "published": "Votre article est publié.",
        "comment": "Votre commentaire",
        "post": "Publier mon commentaire",
        "posted": "Votre commentaire a été publié.",
        "close": "Fermer les commentaires",
        "closed": "Les commentaires sont fermés.",
        "visits": "Consulté 1 fois",
    },
}


def starts(label):
    """An accessible name beginning with label (fields add "(required)" in the page's language)."""
    return re.compile("^" + re.escape(label) + r"(\s|$)")  # not \b: JavaScript's ends at "é"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_member_publishes_an_article_another_comments_the_author_closes_comments(visitor_factory, language):
    t = TEXT[language]
    community = CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")
    writer = UserFactory(full_name="Jordan Lee", preferred_language=language)
    reader = UserFactory(full_name="Riley Chen", preferred_language=language)
    MembershipFactory(community=community, member=writer)
    MembershipFactory(community=community, member=reader)
    MembershipFactory(community=community, member=UserFactory(), role=Role.MODERATOR)
    locale = "fr-CA" if language == "fr" else "en-CA"

    # The writer finds the articles from the site's navigation and starts one.
    author = visitor_factory(f"articles-{language}-author", locale)
    author.sign_in(writer)
    author.goto(t["home"])
    author.page.get_by_role("navigation").get_by_role("link", name=t["nav"], exact=True).first.click()
    author.check("article list")
    author.page.get_by_role("link", name=t["write"]).click()
    author.check("article form")

    # Sent without a title: the error is next to the field and what was typed stays.
    author.page.get_by_role("textbox", name=starts(t["body"])).fill(
        "Our team **meets weekly**.\n\n- [The playbook](https://example.gc.ca/playbook)"
    )
    author.page.get_by_role("button", name=t["save"]).click()
    author.check("empty title")
    title = author.page.get_by_role("textbox", name=starts(t["title"]))
    assert title.get_attribute("aria-invalid") == "true"
    assert t["required"] in author.page.locator("#id_title_error").inner_text()
    assert Article.objects.count() == 0

    title.fill("Hybrid teams that <really> work")
    author.page.get_by_role("textbox", name=starts(t["tags"])).fill("engagement, hybrid work")
    author.page.get_by_role("combobox", name=starts(t["where"])).select_option(label=t["community"])
    author.page.get_by_role("button", name=t["save"]).click()
    author.check("draft")
    assert t["draft"] in author.page.get_by_role("status").filter(has_text=t["draft"]).inner_text()
    article = Article.objects.get()
    assert (article.community, article.status, sorted(article.tags.names())) == (
        community,
        "draft",
        ["engagement", "hybrid work"],
    )

    author.page.get_by_role("button", name=t["publish"]).click()
    author.check("published")
    assert t["published"] in author.page.get_by_role("status").first.inner_text()
    assert author.page.get_by_role("heading", level=1).inner_text() == "Hybrid teams that <really> work"
    article.refresh_from_db()
    assert article.status == "published"
    article_path = author.page.url.removeprefix(author.base_url)

    # Another member of the community reads it and comments.
    other = visitor_factory(f"articles-{language}-reader", locale)
    other.sign_in(reader)
    other.goto(t["home"])
    other.page.get_by_role("link", name="Hybrid teams that <really> work").click()
    other.check("article as reader")
    assert t["visits"] in other.page.locator(".article-visits").inner_text()
    other.page.get_by_role("textbox", name=starts(t["comment"])).fill("We do the same, with *cameras on*.")
    other.page.get_by_role("button", name=t["post"]).click()
    other.check("comment posted")
    assert t["posted"] in other.page.get_by_role("status").first.inner_text()
    comment = ArticleComment.objects.get()
    assert (comment.author, comment.body_html) == (reader, "<p>We do the same, with <em>cameras on</em>.</p>")

    # The author closes the comments: the page says so, and the form is gone for the reader.
    author.goto(article_path)
    author.page.get_by_role("button", name=t["close"]).click()
    author.check("comments closed")
    assert author.page.get_by_role("status").get_by_text(t["closed"], exact=True).is_visible()
    assert Article.objects.get().comments_closed is True
    other.page.reload()
    other.check("reader sees closed")
    assert other.page.get_by_text(t["closed"], exact=True).count() >= 1
    assert other.page.get_by_role("button", name=t["post"]).count() == 0
    assert "cameras on" in other.page.locator(f"#comment-{comment.pk}").inner_text()

    # The community page lists the article.
    other.goto(t["home"])
    assert other.page.get_by_role("link", name="Hybrid teams that <really> work").count() == 1
