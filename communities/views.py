from datetime import timedelta

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from events.queries.agenda import upcoming_events_hosted_by
from learning.queries import resources_shared_with
from nmc_portal import pagecache
from nmc_portal.bilingual import current_language
from nmc_portal.csv import csv_response
from nmc_portal.errors import DomainError, add_to_form, save_form
from nmc_portal.permissions import ObjectPermissionMixin
from nmc_portal.submissions import submit_once

from . import queries, services
from .forms import (
    DecisionForm,
    JoinForm,
    LiftSuspensionForm,
    ModerationForm,
    ReplyForm,
    ReportForm,
    ThreadForm,
    TranslationForm,
    moderation_item_name,
)
from .models import (
    REPLIES_PER_PAGE,
    THREADS_PER_PAGE,
    Action,
    Community,
    Membership,
    MembershipStatus,
    Reply,
    Suspension,
    Thread,
)
from .rules import edit_deadline, post_rights, readable_articles
from .sanitize import quote_markdown

POST_SHOWN = (
    "pk",
    "status",
    "edited_at",
    "body_html",
    "language",
    "translation_html",
    "translated_at",
    "author__full_name",
    "author__email",
)
# What a visitor sees of a page of a discussion: the community, the opening post, the page's replies.
# Found by the page's address, so that a visitor's page comes from the page cache in this one query.
THREAD_PAGE_VERSION = pagecache.Fingerprint(
    lambda slug, thread_id, first, last: (
        Community.objects.filter(slug=slug).values(),
        Thread.objects.filter(pk=thread_id, community__slug=slug).values(
            *POST_SHOWN, "title", "translated_title", "pinned", "locked", "reply_count", "last_activity_at"
        ),
        Reply.objects.filter(
            thread=thread_id, thread__community__slug=slug, position__gte=first, position__lt=last
        ).values(*POST_SHOWN, "position"),
    ),
    str,
    int,
    int,
    int,
)


class CommunityPermissionMixin(ObjectPermissionMixin):
    """Loads the community (and thread or reply) named in the URL; the shared mixin checks permissions.

    `hidden_permission`: without it the answer is 404, for people who must not know the page
    exists (discussions of members-only communities, moderation pages).
    `permission`: without it visitors are sent to sign in and members get a page saying why.
    Subclasses load their thread or reply in `load_items`.
    """

    forbidden_template = "communities/forbidden.html"

    def load_objects(self, kwargs):
        self.community = get_object_or_404(self.community_queryset(), slug=kwargs["slug"])
        self.load_items(**kwargs)
        thread = getattr(self, "thread", None)
        if getattr(self, "reply", None) is not None and not self.may_see_thread():
            # A removed or hidden discussion is unreadable through every page of it: its replies (which
            # may quote it) too, whoever reports or edits them; its author (while hidden) and
            # moderators still see it.
            raise Http404
        self.thread_visible = thread is None or self.may_see_thread()

    def may_see_thread(self):
        return rules.has_perm("communities.see_thread", self.request.user, self.thread)

    def load_items(self, **kwargs):
        pass

    def community_queryset(self):
        return Community.objects.all()

    def permission_target(self):
        return self.community

    def load_thread(self, pk):
        self.thread = get_object_or_404(
            Thread.objects.select_related("author"), pk=pk, community=self.community
        )
        self.thread.community = self.community
        return self.thread

    def load_reply(self, pk):
        self.reply = get_object_or_404(
            Reply.objects.select_related("author", "thread", "thread__author"),
            pk=pk,
            thread__community=self.community,
        )
        self.thread = self.reply.thread
        self.thread.community = self.community
        return self.reply

    def forbidden_reason(self, target):
        """Why the 403: suspended until when, locked, not a member..."""
        user = self.request.user
        suspension = queries.suspension_for(user, self.community)
        thread = getattr(self, "thread", None)
        if suspension is not None:
            reason = services.suspended_message(suspension)
        elif not rules.has_perm("communities.leave", user, self.community):
            reason = _("Join this community to take part in its discussions.")
        elif thread is not None and thread.locked:
            reason = _("This discussion is locked: it is read-only.")
        else:
            reason = _("You cannot do this here.")
        return reason

    def forbidden_context(self, target):
        return {"community": self.community}


def community_list(request):
    communities = list(queries.communities_for_list())
    statuses = {}
    if request.user.is_authenticated:
        statuses = dict(Membership.objects.filter(member=request.user).values_list("community_id", "status"))
    for community in communities:
        community.my_status = statuses.get(community.pk)
    return render(request, "communities/community_list.html", {"communities": communities})


EVENTS_ON_PAGE = 5
ARTICLES_ON_PAGE = 5
RESOURCES_ON_PAGE = 6


class CommunityDetailView(CommunityPermissionMixin, View):
    def community_queryset(self):
        return queries.communities_for_list()

    def get(self, request, slug):
        user = request.user
        community = self.community
        context = {
            "community": community,
            "membership": queries.membership_for(user, community),
            "suspension": queries.suspension_for(user, community),
        }
        if rules.has_perm("communities.view_discussions", user, community):
            can_moderate = rules.has_perm("communities.moderate", user, community)
            threads = queries.visible_threads(community, user, can_moderate=can_moderate)
            page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
            page.object_list = list(page.object_list)
            for thread in page.object_list:
                thread.community = community  # the permission answers are cached on it: no query each
            context["threads_page"] = page
            context["articles"] = list(
                queries.article_list(readable_articles(user), community=community)[:ARTICLES_ON_PAGE]
            )
        context["events"] = list(upcoming_events_hosted_by(community)[:EVENTS_ON_PAGE])
        context["resources"] = resources_shared_with(community, user, limit=RESOURCES_ON_PAGE)
        return render(request, "communities/community_detail.html", context)


@method_decorator(login_required, name="dispatch")
class JoinView(CommunityPermissionMixin, View):
    def dispatch(self, request, *args, **kwargs):
        community = get_object_or_404(Community, slug=kwargs["slug"])
        if request.user.is_authenticated and queries.membership_for(request.user, community):
            return redirect(community)
        return super().dispatch(request, *args, **kwargs)

    permission = "communities.join"

    def get(self, request, slug):
        return render(request, "communities/join.html", {"community": self.community, "form": JoinForm()})

    def post(self, request, slug):
        form = JoinForm(request.POST)
        if not form.is_valid():
            return render(
                request, "communities/join.html", {"community": self.community, "form": form}, status=400
            )
        membership = services.join_community(
            community=self.community, member=request.user, message=form.cleaned_data["message"]
        )
        if membership.is_active:
            messages.success(request, _("Welcome! You are now a member of this community."))
        else:
            messages.success(request, _("Your request was sent. The moderators will answer by email."))
        return redirect(self.community)


class LeaveView(CommunityPermissionMixin, View):
    permission = "communities.leave"

    def get(self, request, slug):
        return render(request, "communities/leave.html", {"community": self.community})

    def post(self, request, slug):
        services.leave_community(community=self.community, member=request.user)
        messages.success(request, _("You left the community."))
        return redirect(self.community)


class ThreadCreateView(CommunityPermissionMixin, View):
    hidden_permission = "communities.view_discussions"
    permission = "communities.start_thread"

    def render_form(self, form, status=200):
        return render(
            request=self.request,
            template_name="communities/thread_form.html",
            context={"community": self.community, "form": form},
            status=status,
        )

    def get(self, request, slug):
        return self.render_form(ThreadForm(initial={"language": request.LANGUAGE_CODE[:2]}))

    def post(self, request, slug):
        form = ThreadForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            outcome = submit_once(
                form,
                request.user,
                lambda: services.start_thread(
                    community=self.community, author=request.user, **form.cleaned_data
                ),
                url=lambda thread: thread.get_absolute_url(),
            )
        except DomainError as error:
            add_to_form(form, error)
            return self.render_form(form, status=400)
        if outcome.first:
            messages.success(request, _("Your discussion was posted."))
        return redirect(outcome.url)


def _page_number(request, thread):
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= queries.page_count(thread):
        raise Http404
    return int(raw)


class ThreadView(CommunityPermissionMixin, View):
    hidden_permission = "communities.view_discussions"
    kept_key = None

    def dispatch(self, request, *args, **kwargs):
        """A visitor's page straight from the page cache when nothing it shows has changed: one query."""
        raw = request.GET.get("page", "1")
        if pagecache.is_cacheable(request) and raw.isdigit() and len(raw) <= 6 and kwargs["pk"] < 2**31:
            self.kept_key = self.key_for(kwargs["slug"], kwargs["pk"], int(raw))
            kept = pagecache.kept_page(request, self.kept_key, timezone.now())
            if kept is not None:
                return kept
        return super().dispatch(request, *args, **kwargs)

    def load_items(self, pk, **kwargs):
        self.load_thread(pk)

    def permission_target(self):
        return self.thread

    def get(self, request, slug, pk):
        page = _page_number(request, self.thread)
        form = None
        if rules.has_perm("communities.reply", request.user, self.thread):
            initial = {"language": request.LANGUAGE_CODE[:2]}
            quote = request.GET.get("quote", "")
            if quote == "thread" and self.thread.is_visible:
                initial["body"] = quote_markdown(self.thread.author.get_full_name(), self.thread.body)
            elif quote.isdigit():
                quoted = (
                    Reply.objects.filter(thread=self.thread, pk=int(quote), status="visible")
                    .select_related("author")
                    .first()
                )
                if quoted:
                    initial["body"] = quote_markdown(quoted.author.get_full_name(), quoted.body)
            form = ReplyForm(initial=initial)
        if not pagecache.is_cacheable(request):
            return self.render_thread(page, form)
        key = self.kept_key or self.key_for(self.community.slug, self.thread.pk, page)
        return pagecache.cached_page(request, key, lambda: self.render_thread(page, form))

    def key_for(self, slug, thread_id, page):
        """What a visitor sees of this page of the discussion: the community, the opening post and the
        page's replies, with their authors' names (an edit, a reply, a moderation changes the key)."""
        first = (page - 1) * REPLIES_PER_PAGE + 1
        version = THREAD_PAGE_VERSION(slug, thread_id, first, first + REPLIES_PER_PAGE)
        return ("thread", thread_id, version, current_language(), self.request.get_full_path())

    def render_thread(self, page, form, status=200):
        thread, user = self.thread, self.request.user
        if not self.thread_visible:  # the placeholder only: no replies (they may quote it), no form
            page, form = 1, None
        replies = queries.replies_page(thread, page) if self.thread_visible else []
        for reply in replies:
            reply.thread = thread
        thread_reported, reported_ids = queries.reported_by(user, thread, replies)
        for reply in replies:
            reply.reported_by_me = reply.pk in reported_ids
        pages = queries.page_count(thread) if self.thread_visible else 1
        thread.reported_by_me = thread_reported
        posts = {
            "user": user,
            "community": self.community,
            "thread": thread,
            "thread_visible": self.thread_visible,
            "replies": replies,
            "thread_reported": thread_reported,
            "page": page,
            "pages": pages,
            "page_range": _page_links(page, pages),
            "form": form,
            "can_moderate": rules.has_perm("communities.moderate", user, self.community),
        }
        context = {
            **posts,
            "posts": pagecache.fragments.get_or_render(
                self.posts_key(posts),
                lambda: render_to_string("communities/includes/thread_posts.html", posts),
            ),
            "suspension": queries.suspension_for(user, self.community),
            "membership": queries.membership_for(user, self.community),
        }
        return render(self.request, "communities/thread_detail.html", context, status=status)

    def posts_key(self, posts):
        """The posts of the page as this reader sees them: their content and, per post, what the rules let
        this reader do with it. Members with the same rights on a page share its HTML."""
        user, thread = self.request.user, posts["thread"]
        every_post = [thread, *posts["replies"]]
        rights = tuple(
            (
                post.pk,
                post.status,
                post.edited_at,
                post.body_html,  # an edit made elsewhere than edit_post (the admin) too
                post.language,
                post.translation_html,  # a translation added or changed shows at once
                post.translated_at,
                getattr(post, "translated_title", ""),
                post.author.get_full_name(),
                post.moderation_reason,
                post.author_id == user.pk,
                post.reported_by_me,
                *allowed,  # see, edit, report, translate: as the rules say (post_rights is their twin)
            )
            for post, allowed in zip(every_post, post_rights(user, self.community, every_post), strict=True)
        )
        page = (
            posts["page"],
            posts["pages"],
            thread.reply_count,
            posts["thread_visible"],
            posts["can_moderate"],
        )
        return (
            "posts",
            thread.pk,
            self.community.slug,
            page,
            posts["form"] is not None,
            current_language(),
            rights,
        )


def _page_links(page, pages):
    """Page numbers to link: first, last and two around the current page (None = a gap)."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links, previous = [], 0
    for number in shown:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


class ReplyCreateView(ThreadView):
    permission = "communities.reply"

    def get(self, request, slug, pk):
        return redirect(self.thread)

    def post(self, request, slug, pk):
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: services.post_reply(thread=self.thread, author=request.user, **form.cleaned_data),
                    url=lambda reply: reply.get_absolute_url(),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Your reply was posted."))
                return redirect(outcome.url)
        return self.render_thread(queries.page_count(self.thread), form, status=400)


class EditPostView(CommunityPermissionMixin, View):
    kind = "thread"
    hidden_permission = "communities.view_discussions"
    permission = "communities.edit_post"

    def load_items(self, pk, **kwargs):
        self.post_object = self.load_thread(pk) if self.kind == "thread" else self.load_reply(pk)

    def permission_target(self):
        return self.post_object

    def make_form(self, data=None):
        post = self.post_object
        if self.kind == "thread":
            form = ThreadForm(
                data, initial={"title": post.title, "body": post.body, "language": post.language}
            )
        else:
            form = ReplyForm(data, initial={"body": post.body, "language": post.language})
        return form

    def render_form(self, form, status=200):
        context = {
            "community": self.community,
            "thread": self.thread,
            "post": self.post_object,
            "form": form,
            "deadline": edit_deadline(self.post_object),
        }
        return render(self.request, "communities/post_edit.html", context, status=status)

    def get(self, request, slug, pk):
        return self.render_form(self.make_form())

    def save(self, data):
        return services.edit_post(
            post=self.post_object, editor=self.request.user, body=data["body"], title=data.get("title")
        )

    def saved_message(self):
        return _("Your changes were saved.")

    def post(self, request, slug, pk):
        form = self.make_form(request.POST)
        post = save_form(request, form, self.save, self.saved_message())
        return self.render_form(form, status=400) if post is None else redirect(post.get_absolute_url())


class TranslatePostView(EditPostView):
    """The author's translation of their opening post or reply into the other official language."""

    permission = "communities.translate_post"

    def make_form(self, data=None):
        return TranslationForm.of(self.post_object, data, with_title=self.kind == "thread")

    def render_form(self, form, status=200):
        context = {"community": self.community, "thread": self.thread, "post": self.post_object, "form": form}
        return render(self.request, "communities/post_translate.html", context, status=status)

    def saved_message(self):
        return _("Your translation was saved.")

    def save(self, data):
        return services.translate_post(
            post=self.post_object, author=self.request.user, body=data["body"], title=data.get("title")
        )


class ReportView(EditPostView):
    permission = "communities.report"

    def render_form(self, form, status=200):
        context = {"community": self.community, "thread": self.thread, "post": self.post_object, "form": form}
        return render(self.request, "communities/report_form.html", context, status=status)

    def make_form(self, data=None):
        return ReportForm(data)

    def post(self, request, slug, pk):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                services.report_item(item=self.post_object, reporter=request.user, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Thank you: your report was received. A moderator will review it.")
                )
                return redirect(self.post_object.get_absolute_url())
        return self.render_form(form, status=400)


# Moderation -----------------------------------------------------------------------------


class ModerationMixin(CommunityPermissionMixin):
    hidden_permission = "communities.moderate"


def confirm_moderation(request, *, form, kind, item, community, cancel_url):
    """The page between choosing remove or suspend and doing it: what will happen, Confirm or Cancel.

    The choice travels in hidden fields (no JavaScript needed), with the form's one-time token, so the
    confirmation acts once however often it is sent."""
    action = form.cleaned_data["action"]
    context = {
        "community": community,
        "form": form,
        "kind": kind,
        "item": item,
        "item_name": moderation_item_name(kind, item),
        "action": action,
        "cancel_url": cancel_url,
    }
    if action == Action.SUSPEND:
        context["until"] = timezone.now() + timedelta(days=form.cleaned_data["suspend_days"])
    return render(request, "communities/confirm_moderation.html", context)


def apply_moderation(request, form, *, kind, item, community, queue):
    """A valid moderation form: remove and suspend ask first (`confirm_moderation`), then the action
    is applied once per form token and leads back to `queue`. None when the service refused it (the
    reason is on the form, to render again)."""
    if form.needs_confirmation and request.POST.get("confirmed") != "yes":
        return confirm_moderation(
            request, form=form, kind=kind, item=item, community=community, cancel_url=queue
        )
    try:
        outcome = submit_once(
            form,
            request.user,
            lambda: services.moderate_item(
                item=item,
                moderator=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                suspend_days=form.cleaned_data["suspend_days"],
            ),
            url=lambda _item: queue,
        )
    except DomainError as error:
        add_to_form(form, error)
        return None
    if outcome.first:
        messages.success(request, _("Done. The action is recorded in the moderation log."))
    return redirect(outcome.url)


class ModerationQueueView(ModerationMixin, View):
    def get(self, request, slug):
        groups = queries.moderation_queue(self.community)
        for group in groups:
            group["name"] = moderation_item_name(group["kind"], group["item"])
            group["form"] = ModerationForm(
                kind=group["kind"], prefix=f"{group['kind']}-{group['item'].pk}", item_name=group["name"]
            )
        requests = list(queries.pending_requests(self.community))
        for join_request in requests:
            join_request.form = DecisionForm(
                prefix=f"request-{join_request.pk}", member_name=join_request.member.get_full_name()
            )
        suspensions = list(queries.current_suspensions(self.community))
        for suspension in suspensions:
            suspension.form = LiftSuspensionForm(
                prefix=f"suspension-{suspension.pk}", member_name=suspension.member.get_full_name()
            )
        context = {
            "community": self.community,
            "groups": groups,
            "requests": requests,
            "suspensions": suspensions,
        }
        return render(request, "communities/moderation_queue.html", context)


class DecideRequestView(ModerationMixin, View):
    def load_items(self, pk, **kwargs):
        self.membership = get_object_or_404(
            Membership.objects.select_related("member"),
            pk=pk,
            community=self.community,
            status=MembershipStatus.PENDING,
        )

    def render_form(self, form, status=200):
        context = {"community": self.community, "join_request": self.membership, "form": form}
        return render(self.request, "communities/decide_request.html", context, status=status)

    def get(self, request, slug, pk):
        return self.render_form(DecisionForm(prefix=f"request-{pk}"))

    def post(self, request, slug, pk):
        form = DecisionForm(request.POST, prefix=f"request-{pk}")
        if not form.is_valid():
            return self.render_form(form, status=400)
        accept = form.cleaned_data["decision"] == "accept"
        services.decide_join_request(
            membership=self.membership,
            moderator=request.user,
            accept=accept,
            message=form.cleaned_data["message"],
        )
        name = self.membership.member.get_full_name()
        if accept:
            messages.success(
                request, _("%(name)s is now a member. They were told by email.") % {"name": name}
            )
        else:
            messages.success(
                request,
                _("The request from %(name)s was declined. They were told by email.") % {"name": name},
            )
        return redirect("communities:moderation", slug=self.community.slug)


class ModerateItemView(ModerationMixin, View):
    kind = "thread"

    def load_items(self, pk, **kwargs):
        self.item = self.load_thread(pk) if self.kind == "thread" else self.load_reply(pk)

    def render_form(self, form, status=200):
        context = {
            "community": self.community,
            "thread": self.thread,
            "item": self.item,
            "form": form,
            "kind": self.kind,
        }
        return render(self.request, "communities/moderate_item.html", context, status=status)

    def get(self, request, slug, pk):
        return self.render_form(ModerationForm(kind=self.kind, prefix=f"{self.kind}-{pk}"))

    def post(self, request, slug, pk):
        form = ModerationForm(request.POST, kind=self.kind, prefix=f"{self.kind}-{pk}")
        if form.is_valid():
            queue = reverse("communities:moderation", kwargs={"slug": self.community.slug})
            response = apply_moderation(
                request, form, kind=self.kind, item=self.item, community=self.community, queue=queue
            )
            if response is not None:
                return response
        return self.render_form(form, status=400)


class LiftSuspensionView(ModerationMixin, View):
    def load_items(self, pk, **kwargs):
        self.suspension = get_object_or_404(
            Suspension.objects.select_related("member"),
            pk=pk,
            community=self.community,
            lifted_at__isnull=True,
            until__gt=timezone.now(),
        )

    def render_form(self, form, status=200):
        context = {"community": self.community, "suspension": self.suspension, "form": form}
        return render(self.request, "communities/lift_suspension.html", context, status=status)

    def get(self, request, slug, pk):
        return self.render_form(LiftSuspensionForm(prefix=f"suspension-{pk}"))

    def post(self, request, slug, pk):
        form = LiftSuspensionForm(request.POST, prefix=f"suspension-{pk}")
        if not form.is_valid():
            return self.render_form(form, status=400)
        services.lift_suspension(suspension=self.suspension, moderator=request.user, **form.cleaned_data)
        messages.success(request, _("The suspension was lifted."))
        return redirect("communities:moderation", slug=self.community.slug)


LOG_CSV_HEADER = ["when", "community", "by", "action", "item_type", "item_id", "item", "reason"]


def _log_csv(entries, filename):
    rows = (
        [
            timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
            entry.community.slug if entry.community else "",
            entry.actor_name,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_label,
            entry.reason,
        ]
        for entry in entries
    )
    return csv_response(filename, [LOG_CSV_HEADER, *rows])


LOG_PAGE_SIZE = 100


class CommunityLogView(ModerationMixin, View):
    hidden_permission = "communities.view_log"
    as_csv = False

    def get(self, request, slug):
        entries = queries.log_entries([self.community])
        if self.as_csv:
            return _log_csv(entries, f"moderation-log-{self.community.slug}.csv")
        page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "communities/log.html", {"community": self.community, "entries_page": page})


@login_required
def all_logs(request, as_csv=False):
    """Admins read every community's log; moderators the logs of the communities they moderate."""
    communities = list(queries.moderated_communities(request.user))
    site = rules.has_perm("communities.moderate_site_articles", request.user)
    if not communities and not site:
        raise Http404
    # Admins also read the entries on articles published on their own (no community).
    entries = queries.log_entries(communities, site=site)
    if as_csv:
        return _log_csv(entries, "moderation-log.csv")
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "communities/log.html", {"community": None, "entries_page": page, "communities": communities}
    )


# Weekly digest --------------------------------------------------------------------------


class DigestUnsubscribeView(View):
    """The digest's unsubscribe link: no sign-in, the signed token says who.

    A GET only asks; the POST turns the digest off, so that mail scanners that follow links
    do not unsubscribe anyone.
    """

    def dispatch(self, request, *args, token, **kwargs):
        self.member = services.digest_member(token)
        if self.member is None:
            return render(request, "communities/digest_unsubscribe_invalid.html", status=400)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, "communities/digest_unsubscribe.html", {"member": self.member, "done": False})

    def post(self, request):
        services.stop_weekly_digest(member=self.member)
        return render(request, "communities/digest_unsubscribe.html", {"member": self.member, "done": True})
