"""Articles: the list, an article's page with its comments, writing, publishing, closing the comments,
reporting and moderating a comment, and the admins' queue for articles published on their own.

Permissions are the rules of communities.rules: a draft answers 404 to everyone but its author, an
article of a members-only community 404 to those who may not read its discussions.
"""

import datetime as dt
import re
import secrets

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.errors import DomainError, add_to_form, save_form
from nmc_portal.permissions import ObjectPermissionMixin
from nmc_portal.submissions import submit_once

from . import queries, services
from .forms import (
    ArticleForm,
    CloseCommentsForm,
    CommentForm,
    ModerationForm,
    ReportForm,
    TranslationForm,
    moderation_item_name,
)
from .models import ARTICLES_PER_PAGE, Article, ArticleComment
from .rules import readable_articles, readable_communities
from .views import apply_moderation

# A random id, for the day, for readers without a session: the visit count's "same reader" and nothing
# else (services.count_visit keeps only a keyed hash of it, until the day ends).
READER_COOKIE = "nmc_reader"
READER_ID = re.compile(r"^[0-9a-f]{32}$")


def article_list(request):
    """Published articles the reader may read, newest first; by tag (slug) or community (slug)."""
    tag = request.GET.get("tag", "").strip()[:100]
    community = None
    if request.GET.get("community"):
        community = get_object_or_404(readable_communities(request.user), slug=request.GET["community"])
    articles = queries.article_list(readable_articles(request.user), tag=tag or None, community=community)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    tag_name = None
    if tag:
        tag_name = next(
            (found.name for article in page.object_list for found in article.tags.all() if found.slug == tag),
            tag,
        )
    context = {
        "page": page,
        "tag": tag,
        "tag_name": tag_name,
        "community": community,
        "drafts": list(queries.drafts_of(request.user)) if request.user.is_authenticated else [],
    }
    return render(request, "communities/article_list.html", context)


class ArticleMixin(ObjectPermissionMixin):
    """Loads the article (or the comment) named in the URL; 404 to those who may not read it."""

    hidden_permission = "communities.read_article"
    comment_in_url = False

    def load_objects(self, kwargs):
        if self.comment_in_url:
            self.comment = get_object_or_404(
                ArticleComment.objects.select_related("author", "article__author", "article__community"),
                pk=kwargs["pk"],
            )
            self.article = self.comment.article
        else:
            self.comment = None
            self.article = get_object_or_404(
                Article.objects.select_related("author", "community"), pk=kwargs["pk"]
            )

    def permission_target(self):
        return self.article

    def forbidden_reason(self, target):
        user, article = self.request.user, self.article
        community = article.community
        suspension = queries.suspension_for(user, community) if community is not None else None
        if suspension is not None:
            return services.suspended_message(suspension)
        if community is not None and not rules.has_perm("communities.leave", user, community):
            return _("Join this community to take part in its discussions.")
        if article.comments_closed and self.permission == "communities.comment_article":
            return _("Comments are closed.")
        if article.author_id != user.pk and self.permission in (
            "communities.edit_article",
            "communities.publish_article",
            "communities.translate_article",
        ):
            return _("Only its author can change this article.")
        return _("You cannot do this here.")

    def forbidden_context(self, target):
        return {"back_url": self.article.get_absolute_url(), "back_label": _("Back to the article")}


def _reader(request):
    """(opaque reader id or None, a new day cookie to set or None)."""
    if request.session.session_key:
        return "session:" + request.session.session_key, None
    cookie = request.COOKIES.get(READER_COOKIE, "")
    if READER_ID.match(cookie):
        return "cookie:" + cookie, None
    if services.is_robot(request.headers.get("User-Agent", "")):
        return None, None
    fresh = secrets.token_hex(16)
    return "cookie:" + fresh, fresh


def _end_of_day():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))


class ArticleView(ArticleMixin, View):
    def get(self, request, pk, slug):
        if slug != self.article.slug:
            return redirect(self.article, permanent=True)
        new_cookie = None
        # Readers count, not the author reading their own article.
        if self.article.is_published and request.user.pk != self.article.author_id:
            reader, new_cookie = _reader(request)
            if reader and services.count_visit(article=self.article, reader=reader):
                self.article.visit_count += 1
        form = None
        if rules.has_perm("communities.comment_article", request.user, self.article):
            form = CommentForm(initial={"language": request.LANGUAGE_CODE[:2]})
        response = render_article(request, self.article, form)
        if new_cookie:
            response.set_cookie(
                READER_COOKIE,
                new_cookie,
                expires=_end_of_day(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def render_article(request, article, form, status=200, close_form=None):
    comments = queries.article_comments(article)
    reported = queries.comments_reported_by(request.user, comments)
    for comment in comments:
        comment.reported_by_me = comment.pk in reported
    community = article.community
    context = {
        "article": article,
        "community": community,
        "tags": list(article.tags.order_by("name")),
        "comments": comments,
        "form": form,
        "close_form": close_form,
        "membership": queries.membership_for(request.user, community) if community else None,
        "suspension": queries.suspension_for(request.user, community) if community else None,
    }
    return render(request, "communities/article_detail.html", context, status=status)


@method_decorator(login_required, name="dispatch")
class ArticleCreateView(ObjectPermissionMixin, View):
    permission = "communities.write_article"

    def render_form(self, form, status=200):
        return render(self.request, "communities/article_form.html", {"form": form}, status=status)

    def get(self, request):
        initial = {"language": request.LANGUAGE_CODE[:2], "community": request.GET.get("community", "")}
        return self.render_form(ArticleForm(author=request.user, initial=initial))

    def post(self, request):
        form = ArticleForm(request.POST, author=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            outcome = submit_once(
                form,
                request.user,
                lambda: services.write_article(author=request.user, **form.cleaned_data),
                url=lambda article: article.get_absolute_url(),
            )
        except DomainError as error:
            add_to_form(form, error)
            return self.render_form(form, status=400)
        if outcome.first:
            messages.success(request, _("Your draft was saved. Only you can see it until you publish it."))
        return redirect(outcome.url)


class ArticleEditView(ArticleMixin, View):
    permission = "communities.edit_article"

    def render_form(self, form, status=200):
        context = {"form": form, "article": self.article}
        return render(self.request, "communities/article_form.html", context, status=status)

    def get(self, request, pk):
        article = self.article
        initial = {
            "title": article.title,
            "body": article.body,
            "language": article.language,
            "tags": [tag.name for tag in article.tags.order_by("name")],
            "community": article.community.slug if article.community else "",
        }
        return self.render_form(ArticleForm(author=request.user, initial=initial))

    def post(self, request, pk):
        form = ArticleForm(request.POST, author=request.user)
        article = save_form(
            request,
            form,
            lambda data: services.edit_article(article=self.article, editor=request.user, **data),
            _("Your changes were saved."),
        )
        return self.render_form(form, status=400) if article is None else redirect(article)


class ArticleTranslateView(ArticleMixin, View):
    """The author's translation of their article's title and text into the other official language."""

    permission = "communities.translate_article"

    def make_form(self, data=None):
        return TranslationForm.of(self.article, data, with_title=True)

    def render_form(self, form, status=200):
        context = {"form": form, "article": self.article, "original": self.article}
        return render(self.request, "communities/article_translate.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(self.make_form())

    def post(self, request, pk):
        form = self.make_form(request.POST)
        article = save_form(
            request,
            form,
            lambda data: services.translate_article(article=self.article, author=request.user, **data),
            _("Your translation was saved."),
        )
        return self.render_form(form, status=400) if article is None else redirect(article)


class CommentTranslateView(ArticleMixin, View):
    """The author's translation of their comment into the other official language."""

    permission = "communities.translate_comment"
    comment_in_url = True

    def permission_target(self):
        return self.comment

    def make_form(self, data=None):
        return TranslationForm.of(self.comment, data, with_title=False)

    def render_form(self, form, status=200):
        context = {"form": form, "article": self.article, "original": self.comment}
        return render(self.request, "communities/article_translate.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(self.make_form())

    def post(self, request, pk):
        form = self.make_form(request.POST)
        comment = save_form(
            request,
            form,
            lambda data: services.translate_comment(
                comment=self.comment, author=request.user, body=data["body"]
            ),
            _("Your translation was saved."),
        )
        return self.render_form(form, status=400) if comment is None else redirect(comment.get_absolute_url())


class ArticlePublishView(ArticleMixin, View):
    permission = "communities.publish_article"

    def get(self, request, pk):
        return redirect(self.article)

    def post(self, request, pk):
        publish = request.POST.get("publish") == "1"
        try:
            article = services.publish_article(article=self.article, author=request.user, publish=publish)
        except DomainError as error:
            messages.error(request, error.message)
            return render_article(request, self.article, None, status=400)
        if publish:
            messages.success(request, _("Your article is published."))
        else:
            messages.success(request, _("Your article is a draft again: only you can see it."))
        return redirect(article)


class CloseCommentsView(ArticleMixin, View):
    """Authors close or reopen with one button on the article; moderators come here to give a reason."""

    permission = "communities.close_comments"

    def render_form(self, form, status=200):
        context = {"form": form, "article": self.article, "by_author": self.by_author}
        return render(self.request, "communities/article_close_comments.html", context, status=status)

    @property
    def by_author(self):
        return self.article.author_id == self.request.user.pk

    def get(self, request, pk):
        return self.render_form(CloseCommentsForm(initial={"closed": not self.article.comments_closed}))

    def post(self, request, pk):
        form = CloseCommentsForm(request.POST)
        if form.is_valid():
            closed = form.cleaned_data["closed"]
            try:
                article = services.close_comments(
                    article=self.article,
                    actor=request.user,
                    closed=closed,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if closed:
                    messages.success(request, _("You closed the comments."))
                else:
                    messages.success(request, _("You reopened the comments."))
                return redirect(article)
        return self.render_form(form, status=400)


class CommentCreateView(ArticleMixin, View):
    permission = "communities.comment_article"

    def get(self, request, pk):
        return redirect(self.article)

    def post(self, request, pk):
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: services.post_comment(
                        article=self.article, author=request.user, **form.cleaned_data
                    ),
                    url=lambda comment: comment.get_absolute_url(),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Your comment was posted."))
                return redirect(outcome.url)
        return render_article(request, self.article, form, status=400)


class CommentReportView(ArticleMixin, View):
    comment_in_url = True
    permission = "communities.report_comment"

    def permission_target(self):
        return self.comment

    def render_form(self, form, status=200):
        context = {"article": self.article, "post": self.comment, "form": form}
        return render(self.request, "communities/article_report_form.html", context, status=status)

    def get(self, request, pk):
        if not rules.has_perm("communities.see_comment", request.user, self.comment):
            raise Http404
        return self.render_form(ReportForm())

    def post(self, request, pk):
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_item(item=self.comment, reporter=request.user, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Thank you: your report was received. A moderator will review it.")
                )
                return redirect(self.comment.get_absolute_url())
        return self.render_form(form, status=400)


def _queue_url(community):
    if community is None:
        return "articles:moderation", {}
    return "communities:moderation", {"slug": community.slug}


class CommentModerateView(ArticleMixin, View):
    comment_in_url = True
    hidden_permission = "communities.moderate_comment"

    def load_objects(self, kwargs):
        super().load_objects(kwargs)
        self.comment.article = self.article

    def permission_target(self):
        return self.comment

    def make_form(self, data=None):
        return ModerationForm(
            data, kind="comment", community=self.article.community, prefix=f"comment-{self.comment.pk}"
        )

    def render_form(self, form, status=200):
        name, kwargs = _queue_url(self.article.community)
        context = {"article": self.article, "item": self.comment, "form": form, "queue": (name, kwargs)}
        return render(self.request, "communities/article_moderate_comment.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(self.make_form())

    def post(self, request, pk):
        form = self.make_form(request.POST)
        if form.is_valid():
            name, kwargs = _queue_url(self.article.community)
            queue = reverse(name, kwargs=kwargs)
            response = apply_moderation(
                request,
                form,
                kind="comment",
                item=self.comment,
                community=self.article.community,
                queue=queue,
            )
            if response is not None:
                return response
        return self.render_form(form, status=400)


class ArticleModerationQueueView(ObjectPermissionMixin, View):
    """The admins' queue: reported comments on articles published on their own (no community)."""

    hidden_permission = "communities.moderate_site_articles"

    def get(self, request):
        groups = queries.moderation_queue(None)
        for group in groups:
            group["name"] = moderation_item_name("comment", group["item"])
            group["form"] = ModerationForm(
                kind="comment", community=None, prefix=f"comment-{group['item'].pk}", item_name=group["name"]
            )
        return render(request, "communities/article_moderation.html", {"groups": groups})
