"""The member directory: search listed members, read a listed member's profile.

Visitors are sent to sign in from the directory and get 404 on profile addresses; a member who
is not listed gets 404 for everyone, so a profile address does not even confirm the account.

The profile combines apps (a view may): the communities, posts and articles the viewer may read come
from the communities app's queries and rules, the upcoming events (when the member chose to show them) from
the events app's queries.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from communities.queries import active_member_ids, articles_by, communities_joined_by, posts_by
from communities.rules import readable_articles, readable_communities, readable_threads
from events.queries.registration import upcoming_events_of
from nmc_portal.bilingual import localized
from nmc_portal.collation import Alphabetical, alphabetical_by

from . import directory
from .departments import department_choices
from .models import Level, Region


class DirectoryFilterForm(forms.Form):
    """GET filters of the directory; the community and interest choices depend on the viewer."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    department = forms.ChoiceField(label=_("Department or agency"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    position = forms.ChoiceField(label=_("Level"), required=False)
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("All communities"),
    )
    interest = forms.ChoiceField(label=_("Interest"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments and agencies")), *department_choices()]
        self.fields["region"].choices = [("", _("All regions")), *Region.choices]
        self.fields["position"].choices = [("", _("All levels")), *Level.choices]
        communities = readable_communities(viewer)
        self.fields["community"].queryset = communities.order_by(*alphabetical_by("name"))
        self.fields["community"].label_from_instance = lambda community: localized(community, "name")[0]
        self.fields["interest"].choices = [
            ("", _("All interests")),
            *((tag.slug, tag.name) for tag in directory.interests_in_use()),
        ]
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    @property
    def filters(self):
        """The valid filters: a tampered value drops that filter, not the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


POSTS_ON_PROFILE = 10
ARTICLES_ON_PROFILE = 10


@login_required
def directory_search(request):
    form = DirectoryFilterForm(request.GET or None, viewer=request.user)
    filters = form.filters
    community = filters.pop("community", None)
    among = None if community is None else active_member_ids(community)
    members = directory.search_members(**filters, among=among).prefetch_related("interests")
    page = Paginator(members, directory.MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": bool(form.filters)}
    if request.htmx:
        return render(request, "members/directory_results.html", context)
    return render(request, "members/directory.html", context)


def profile(request, pk):
    if not directory.can_browse_directory(request.user):
        raise Http404
    member = get_object_or_404(directory.listed_members(), pk=pk)
    context = {
        "member": member,
        "interests": list(member.interests.order_by(Alphabetical("name"), "name")),
        "communities": list(
            communities_joined_by(member)
            .filter(pk__in=readable_communities(request.user).values("pk"))
            .order_by(*alphabetical_by("name"))
        ),
        "posts": posts_by(member, readable_threads(request.user), limit=POSTS_ON_PROFILE),
        "articles": articles_by(member, readable_articles(request.user), limit=ARTICLES_ON_PROFILE),
        "events": upcoming_events_of(member) if member.show_events_on_profile else [],
    }
    return render(request, "members/profile_public.html", context)
