"""Members write in one language; the author may add a translation into the other official language,
shown to readers of that language (issue 20). Readers of the other language without one are told."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from communities import services
from communities.models import Action, Reply, Thread
from nmc_portal import pagecache
from nmc_portal.errors import DomainError
from tests.communities.factories import ArticleFactory, add_replies, member_of
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text

pytestmark = pytest.mark.django_db


def in_french(func, *args, **kwargs):
    with translation.override("fr"):
        return func(*args, **kwargs)


def in_english(func, *args, **kwargs):
    with translation.override("en"):
        return func(*args, **kwargs)


def translate_url(post):
    name = "communities:thread_translate" if isinstance(post, Thread) else "communities:reply_translate"
    return reverse(name, args=[post.community.slug, post.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_author_translates_their_opening_post_readers_of_french_see_it(community, thread, author):
    client = signed_in(author)
    page = client.get(in_english(thread.get_absolute_url)).content.decode()
    assert "Add a translation in French" in page
    url = translate_url(thread)
    assert client.get(url).status_code == 200
    data = {"title": "Animer de bonnes réunions", "body": "Comment animer de **bonnes** réunions ?"}
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)  # a double submission sets the same text again
    thread.refresh_from_db()
    assert thread.translated_title == "Animer de bonnes réunions"
    assert thread.translation_html == "<p>Comment animer de <strong>bonnes</strong> réunions ?</p>"
    assert thread.edited_at is None

    french = Client().get(in_french(thread.get_absolute_url)).content.decode()
    assert '<h1 lang="fr" data-typed>Animer de bonnes réunions</h1>' in french
    assert '<div class="post-body post-translation" lang="fr" data-typed><p>Comment animer de' in french
    assert "Traduit par l'auteur." in page_text(french)
    assert "Original en anglais" in page_text(french)  # the original stays one click away
    assert "Offert en anglais seulement." not in page_text(french)

    english = Client().get(in_english(thread.get_absolute_url)).content.decode()
    assert '<h1 lang="en" data-typed>Running good meetings</h1>' in english
    assert "bonnes" not in english and "Translated by the author." not in english
    assert (
        "Edit the translation in French" in client.get(in_english(thread.get_absolute_url)).content.decode()
    )


def test_reply_in_french_without_translation_tells_english_readers(community, thread):
    writer = member_of(community, full_name="Rita Replier", preferred_language="fr")
    reply = services.post_reply(thread=thread, author=writer, body="Très bonne question", language="fr")
    english = page_text(Client().get(in_english(thread.get_absolute_url)).content.decode())
    assert "Available in French only." in english and "Très bonne question" in english
    french = page_text(Client().get(in_french(thread.get_absolute_url)).content.decode())
    assert "Offert en anglais seulement." in french  # the opening post, in English
    assert "Offert en français seulement." not in french  # the reply, in the reader's language

    services.translate_post(post=reply, author=writer, body="Very good question")
    english = Client().get(in_english(thread.get_absolute_url)).content.decode()
    assert '<div class="post-body post-translation" lang="en" data-typed><p>Very good question</p>' in english
    assert "Available in French only." not in english and "Original in French" in english
    assert Reply.objects.get(pk=reply.pk).edited_at is None


def test_only_the_author_translates(community, thread, author, moderator):
    other = member_of(community, full_name="Otto Other")
    assert signed_in(other).post(translate_url(thread), {"title": "T", "body": "B"}).status_code == 403
    assert signed_in(moderator).post(translate_url(thread), {"title": "T", "body": "B"}).status_code == 403
    assert Client().get(translate_url(thread)).status_code == 302  # visitors are sent to sign in
    with pytest.raises(DomainError):
        services.translate_post(post=thread, author=moderator, body="B", title="T")
    thread.refresh_from_db()
    assert thread.translation == "" and thread.translated_title == ""
    page = signed_in(other).get(in_english(thread.get_absolute_url)).content.decode()
    assert "Add a translation" not in page


def test_removed_post_and_members_only_community(community, thread, author, moderator, private_community):
    services.moderate_item(item=thread, moderator=moderator, action=Action.REMOVE, reason="Spam")
    assert signed_in(author).get(translate_url(thread)).status_code == 403
    stranger = member_of(community, full_name="Stan Stranger")
    hidden = Thread.objects.create(
        community=private_community, author=author, title="Secret", body="x", body_html="<p>x</p>"
    )
    assert signed_in(stranger).get(translate_url(hidden)).status_code == 404


def test_bad_input_is_a_400_next_to_the_field(thread, author):
    response = signed_in(author).post(translate_url(thread), {"title": "  ", "body": ""})
    assert response.status_code == 400
    page = page_text(response.content.decode())
    assert "Translate the title." in page and "Write the translation." in page
    response = signed_in(author).post(translate_url(thread), {"title": "T", "body": "x" * 20001})
    assert response.status_code == 400
    thread.refresh_from_db()
    assert thread.translation == ""


def test_french_form_and_typed_text_escaped(community, author):
    thread = services.start_thread(
        community=community,
        author=author,
        title="<b>Titre</b>",
        body="Texte <script>alert(1)</script>",
        language="fr",
    )
    author.preferred_language = "fr"
    author.save()
    client = signed_in(author)
    form = client.get(in_french(translate_url, thread)).content.decode()
    assert "Titre en anglais" in page_text(form) and "Message en anglais" in page_text(form)
    assert "&lt;b&gt;Titre&lt;/b&gt;" in form and "<script>" not in form
    response = client.post(
        in_french(translate_url, thread),
        {
            "title": "<img src=x onerror=alert(1)>Title",
            "body": "Text <script>alert(2)</script>[x](javascript:alert(3))",
        },
    )
    assert response.status_code == 302
    english = Client().get(in_english(thread.get_absolute_url)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;Title" in english
    translated = english.split('class="post-body post-translation"')[1].split("</div>")[0]
    assert "<script>" not in english and "alert(2)" not in translated
    assert "javascript:" not in english and "<img src=x" not in english


def test_thread_page_queries_constant_with_translations(client, community, thread, author):
    services.translate_post(post=thread, author=author, body="Traduction", title="Titre")

    def grow():
        add_replies(thread, 30)
        for reply in Reply.objects.filter(thread=thread)[:10]:
            Reply.objects.filter(pk=reply.pk).update(translation="T", translation_html="<p>T</p>")

    url = in_french(thread.get_absolute_url)
    client.force_login(member_of(community, full_name="Mona Member"))
    assert_constant_queries(client, url, grow, before_each=pagecache.clear)


def test_visitor_page_cache_shows_a_new_translation_at_once(community, thread, author):
    url = in_french(thread.get_absolute_url)
    writer = member_of(community, full_name="Rita Replier")
    reply = services.post_reply(thread=thread, author=writer, body="An answer", language="en")
    assert "Offert en anglais seulement." in page_text(Client().get(url).content.decode())
    assert "Offert en anglais seulement." in page_text(Client().get(url).content.decode())  # from the cache
    services.translate_post(post=reply, author=writer, body="Une réponse")
    html = Client().get(url).content.decode()
    assert "Une réponse" in html
    services.translate_post(post=thread, author=author, body="Traduction", title="Titre traduit")
    html = Client().get(url).content.decode()
    assert '<h1 lang="fr" data-typed>Titre traduit</h1>' in html and "Traduction" in html
    # a member's fragment cache follows too
    member = signed_in(member_of(community, full_name="Mona Member"))
    assert "Une réponse, corrigée" not in member.get(url).content.decode()
    services.translate_post(post=reply, author=writer, body="Une réponse, corrigée")
    assert "Une réponse, corrigée" in member.get(url).content.decode()


# Articles ---------------------------------------------------------------------------------


def test_author_translates_an_article_readers_of_the_other_language_see_it(member):
    article = ArticleFactory(author=member, title="Hybrid teams", language="en")
    url = reverse("articles:translate", args=[article.pk])
    client = signed_in(member)
    page = client.get(in_english(article.get_absolute_url)).content.decode()
    assert "Add a translation in French" in page
    response = client.post(url, {"title": "  ", "body": ""})
    assert response.status_code == 400
    assert "Translate the title." in page_text(response.content.decode())
    data = {"title": "Équipes hybrides", "body": "Ce que j'ai appris en **hybride**."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submission is harmless
    article.refresh_from_db()
    assert article.translated_title == "Équipes hybrides"
    assert article.translation_html == "<p>Ce que j'ai appris en <strong>hybride</strong>.</p>"

    french = Client().get(in_french(article.get_absolute_url)).content.decode()
    assert '<h1 lang="fr" data-typed>Équipes hybrides</h1>' in french
    assert 'post-translation" lang="fr" data-typed><p>Ce que j' in french
    assert "Traduit par l'auteur." in page_text(french) and "Original en anglais" in page_text(french)
    english = Client().get(in_english(article.get_absolute_url)).content.decode()
    assert '<h1 lang="en">Hybrid teams</h1>' in english and "hybride" not in english


def test_article_without_translation_tells_the_other_reader_and_only_the_author_translates(member):
    article = ArticleFactory(author=member, title="Équipes", language="fr", body="Du texte")
    english = page_text(Client().get(in_english(article.get_absolute_url)).content.decode())
    assert "Available in French only." in english
    url = reverse("articles:translate", args=[article.pk])
    other = UserFactory()
    assert signed_in(other).post(url, {"title": "T", "body": "B"}).status_code == 403
    with pytest.raises(DomainError):
        services.translate_article(article=article, author=other, title="T", body="B")
    draft = ArticleFactory(author=member, status="draft", published_at=None)
    assert signed_in(other).get(reverse("articles:translate", args=[draft.pk])).status_code == 404
    article.refresh_from_db()
    assert article.translation == ""


def test_changing_the_articles_language_drops_its_translation(member):
    article = ArticleFactory(author=member, language="en")
    services.translate_article(article=article, author=member, title="Titre", body="Texte")
    services.edit_article(article=article, editor=member, title="Titre", body="Texte", language="fr")
    article.refresh_from_db()
    assert article.translation == "" and article.translated_title == "" and article.translated_at is None


def test_commenter_translates_their_comment_only_they_may(member):
    article = ArticleFactory(title="Hybrid teams", language="en")
    comment = services.post_comment(article=article, author=member, body="Très utile", language="fr")
    url = reverse("articles:translate_comment", args=[comment.pk])
    english = page_text(Client().get(in_english(article.get_absolute_url)).content.decode())
    assert "Available in French only." in english and "Très utile" in english
    assert signed_in(article.author).post(url, {"body": "Very useful"}).status_code == 403
    client = signed_in(member)
    assert "Add a translation in English" in client.get(in_english(article.get_absolute_url)).content.decode()
    assert client.post(url, {"body": " "}).status_code == 400
    assert client.post(url, {"body": "Very **useful**"}).status_code == 302
    english = Client().get(in_english(article.get_absolute_url)).content.decode()
    assert 'post-translation" lang="en" data-typed><p>Very <strong>useful</strong></p>' in english
    assert "Original in French" in english and "Available in French only." not in english
    french = page_text(Client().get(in_french(article.get_absolute_url)).content.decode())
    assert "Très utile" in french and "Very useful" not in french
