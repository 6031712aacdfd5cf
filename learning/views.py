"""Thin views: read the input, call one service or query, render or redirect."""

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views import View

from events.models import Event
from nmc_portal.errors import DomainError, add_to_form
from nmc_portal.permissions import ObjectPermissionMixin
from nmc_portal.submissions import submit_once

from . import queries, services
from .diff import compare
from .forms import CommentForm, CommentReportForm, CompareForm, ResourceForm
from .models import Comment, CommentStatus, Kind, Resource, Revision


class LibraryPermissionMixin(ObjectPermissionMixin):
    """The library's 403 page: who may change a resource, or who adds resources."""

    forbidden_template = "learning/forbidden.html"

    def forbidden_context(self, target):
        return {"resource": target if isinstance(target, Resource) else None}


class ResourceMixin(LibraryPermissionMixin):
    """The resource named in the URL, for those who may see it (404 for the others), then `permission`."""

    hidden_permission = "learning.see_resource"

    def load_objects(self, kwargs):
        self.resource = self.load(kwargs.pop("slug"))
        if self.resource is None:
            raise Http404

    def permission_target(self):
        return self.resource

    def load(self, slug):
        return Resource.objects.select_related("event", "community").filter(slug=slug).first()

    def render(self, template, context=None, status=200):
        return render(self.request, template, {"resource": self.resource, **(context or {})}, status=status)


# Reading ------------------------------------------------------------------------------------


def library(request):
    user = request.user
    return render(
        request,
        "learning/library.html",
        {
            "kinds": Kind.choices,
            "recent": queries.recent_resources(user),
            "most_useful": queries.most_useful_this_month(user),
            "can_add": rules.has_perm("learning.add_resource", user),
        },
    )


class ResourceDetailView(ResourceMixin, View):
    def load(self, slug):
        return queries.resource_for_page(slug, self.request.user)

    def get(self, request, comment_form=None, status=200):
        return self.render(
            "learning/detail.html",
            {
                "comments": queries.visible_comments(self.resource),
                "comment_form": comment_form or CommentForm(),
                "event_visible": self.resource.event_id
                and request.user.has_perm("events.view_event", self.resource.event),
            },
            status=status,
        )


class DownloadView(ResourceMixin, View):
    def get(self, request):
        if not self.resource.file:
            raise Http404
        try:
            handle = self.resource.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=self.resource.file_name,
            content_type=self.resource.file_type or "application/octet-stream",
        )


def event_resources(request, slug):
    """An event's materials: what the learning day's page links to."""
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return render(
        request,
        "learning/event_resources.html",
        {
            "event": event,
            "resources": queries.resources_for_event(event, request.user),
            "can_add": rules.has_perm("learning.add_resource", request.user)
            and request.user.has_perm("events.manage_event", event),
        },
    )


def tag_suggestions(request):
    """<option>s for the tags <datalist>: what was typed, completed with each matching tag."""
    typed = request.GET.get("tags", "")
    done, _comma, last = typed.rpartition(",")
    prefix = f"{done}, " if done else ""
    names = queries.tag_suggestions(last)
    options = format_html_join("", '<option value="{}{}"></option>', ((prefix, name) for name in names))
    return render(request, "learning/includes/tag_options.html", {"options": options})


# Curating ------------------------------------------------------------------------------------


class ResourceCreateView(LibraryPermissionMixin, View):
    permission = "learning.add_resource"

    def initial(self):
        initial = {"language": "en", "audience": "public"}
        kind = self.request.GET.get("kind")
        if kind in Kind.values:
            initial["kind"] = kind
        event = Event.objects.filter(slug=self.request.GET.get("event", "")).first()
        if event is not None:
            initial["event"] = event.pk
        return initial

    def get(self, request):
        form = ResourceForm(user=request.user, initial=self.initial())
        return render(request, "learning/resource_form.html", {"form": form})

    def post(self, request):
        form = ResourceForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: services.create_resource(author=request.user, **form.service_arguments()),
                    url=lambda resource: resource.get_absolute_url(),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("The resource is in the library."))
                return redirect(outcome.url)
        return render(request, "learning/resource_form.html", {"form": form}, status=400)


class ResourceEditView(ResourceMixin, View):
    permission = "learning.edit_resource"

    def get(self, request):
        return self.render(
            "learning/resource_form.html", {"form": ResourceForm(user=request.user, resource=self.resource)}
        )

    def post(self, request):
        form = ResourceForm(request.POST, request.FILES, user=request.user, resource=self.resource)
        if form.is_valid():
            try:
                services.update_resource(
                    resource=self.resource, author=request.user, **form.service_arguments()
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Your changes are saved as a new revision."))
                return redirect(self.resource)
        return self.render("learning/resource_form.html", {"form": form}, status=400)


class HistoryView(ResourceMixin, View):
    def get(self, request):
        revisions = queries.revisions_of(self.resource)
        numbers = [revision.number for revision in revisions]
        initial = {"old": numbers[1] if len(numbers) > 1 else None, "new": numbers[0] if numbers else None}
        return self.render(
            "learning/history.html",
            {"revisions": revisions, "compare_form": CompareForm(numbers=numbers, initial=initial)},
        )


class CompareView(ResourceMixin, View):
    def get(self, request):
        revisions = {revision.number: revision for revision in queries.revisions_of(self.resource)}
        form = CompareForm(request.GET or None, numbers=list(revisions))
        if not form.is_valid():
            return self.render("learning/compare.html", {"compare_form": form}, status=400)
        old, new = sorted([form.cleaned_data["old"], form.cleaned_data["new"]])
        return self.render(
            "learning/compare.html",
            {
                "compare_form": form,
                "old": revisions[old],
                "new": revisions[new],
                "diffs": compare(revisions[old], revisions[new]),
            },
        )


class RestoreView(ResourceMixin, View):
    permission = "learning.edit_resource"

    def dispatch(self, request, *args, number, **kwargs):
        self.number = number
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        revision = get_object_or_404(
            Revision.objects.select_related("author"), resource=self.resource, number=self.number
        )
        current = Revision.objects.get(resource=self.resource, number=self.resource.revision_count)
        return self.render(
            "learning/restore.html",
            {"revision": revision, "current": current, "diffs": compare(current, revision)},
        )

    def post(self, request):
        try:
            revision = services.restore_revision(
                resource=self.resource, number=self.number, author=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Revision %(old)s is restored as revision %(new)s.")
                % {"old": self.number, "new": revision.number},
            )
        return redirect("learning:history", slug=self.resource.slug)


# Taking part ---------------------------------------------------------------------------------


class UsefulView(ResourceMixin, View):
    permission = "learning.vote"

    def post(self, request):
        if request.POST.get("useful") == "no":
            services.unmark_useful(resource=self.resource, member=request.user)
        else:
            services.mark_useful(resource=self.resource, member=request.user)
        if request.htmx:
            resource = queries.resource_for_page(self.resource.slug, request.user)
            return render(request, "learning/includes/useful.html", {"resource": resource, "updated": True})
        return redirect(self.resource.get_absolute_url() + "#useful")


class CommentView(ResourceDetailView):
    permission = "learning.comment"

    def post(self, request):
        form = CommentForm(request.POST)
        if form.is_valid():
            resource, body = self.resource, form.cleaned_data["body"]
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: services.post_comment(resource=resource, author=request.user, body=body),
                    url=lambda _comment: resource.get_absolute_url() + "#comments",
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Your comment is posted."))
                return redirect(outcome.url)
        return self.get(request, comment_form=form, status=400)


class CommentMixin(ResourceMixin):
    """A visible comment of the resource in the URL (404 otherwise), then `comment_permission` on it."""

    comment_permission = None

    def dispatch(self, request, *args, pk, **kwargs):
        self.comment_pk = pk
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.guarded(lambda: self.show(request))

    def post(self, request, *args, **kwargs):
        return self.guarded(lambda: self.act(request))

    def guarded(self, answer):
        self.comment = (
            Comment.objects.filter(resource=self.resource, pk=self.comment_pk, status=CommentStatus.VISIBLE)
            .select_related("author")
            .first()
        )
        if self.comment is None:
            raise Http404
        self.comment.resource = self.resource
        # A second question, about the comment, once the resource's were answered: the same answers
        # as the shared mixin's (sign in first, or the 403 page).
        if self.comment_permission and not self.has_permission(self.comment_permission, self.comment):
            if not self.request.user.is_authenticated:
                return redirect_to_login(self.request.get_full_path())
            return self.forbidden(self.comment)
        return answer()


class CommentReportView(CommentMixin, View):
    comment_permission = "learning.report_comment"

    def show(self, request, form=None, status=200):
        return self.render(
            "learning/report_comment.html",
            {"comment": self.comment, "form": form or CommentReportForm()},
            status=status,
        )

    def act(self, request):
        form = CommentReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_comment(comment=self.comment, reporter=request.user, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Thank you: the moderators will look at this comment."))
                return redirect(self.resource.get_absolute_url() + "#comments")
        return self.show(request, form=form, status=400)


class CommentHideView(CommentMixin, View):
    permission = "learning.moderate_comments"
    http_method_names = ["post"]

    def act(self, request):
        services.hide_comment(comment=self.comment)
        messages.success(request, _("The comment is hidden."))
        return redirect(self.resource.get_absolute_url() + "#comments")
