"""The member directory: who is listed, who may look, what the search, filters and profiles show."""

import pytest
from django.urls import reverse
from django.utils import translation
from taggit.models import TaggedItem

from communities import services as community_services
from communities.models import Joining, PostStatus, Visibility
from members.directory import MEMBERS_PER_PAGE
from members.forms import ProfileForm
from tests.communities.factories import CommunityFactory, ThreadFactory, member_of
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/directory/"


def listed(**fields):
    return UserFactory(directory_visible=True, **fields)


def names(response):
    return [member.full_name for member in response.context["page"].object_list]


@pytest.fixture
def viewer(client):
    user = listed(full_name="Vera Viewer")
    client.force_login(user)
    return user


# Who may look ---------------------------------------------------------------------------

MATRIX = {
    # URL: (visitor, member, admin); 302 = sent to sign in, 404 = must not know the page exists.
    "search": (302, 200, 200),
    "listed_profile": (404, 200, 200),
    "unlisted_profile": (404, 404, 404),
    "inactive_profile": (404, 404, 404),
    "nameless_profile": (404, 404, 404),
    "unknown_profile": (404, 404, 404),
}


@pytest.fixture
def urls():
    return {
        "search": reverse("directory:search"),
        "listed_profile": reverse("directory:profile", kwargs={"pk": listed().pk}),
        "unlisted_profile": reverse("directory:profile", kwargs={"pk": UserFactory().pk}),
        "inactive_profile": reverse("directory:profile", kwargs={"pk": listed(is_active=False).pk}),
        "nameless_profile": reverse("directory:profile", kwargs={"pk": listed(full_name="").pk}),
        "unknown_profile": reverse("directory:profile", kwargs={"pk": 987654321}),
    }


@pytest.mark.parametrize("role", ["visitor", "member", "admin"])
@pytest.mark.parametrize("name", list(MATRIX))
def test_directory_permission_matrix(client, urls, admin_user, role, name):
    if role == "member":
        client.force_login(UserFactory())  # not listed themselves: looking does not require being listed
    elif role == "admin":
        client.force_login(admin_user)
    response = client.get(urls[name])
    expected = MATRIX[name][["visitor", "member", "admin"].index(role)]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"/en/accounts/login/?next={urls[name]}"


def test_directory_urls_are_translated():
    with translation.override("fr"):
        assert reverse("directory:search") == "/fr/repertoire/"
        assert reverse("directory:profile", kwargs={"pk": 7}) == "/fr/repertoire/7/"


def test_unlisted_member_does_not_see_own_profile(client):
    member = UserFactory(directory_visible=False)
    client.force_login(member)
    assert client.get(reverse("directory:profile", kwargs={"pk": member.pk})).status_code == 404


# Who is listed ----------------------------------------------------------------------------


def test_directory_lists_only_members_who_chose_to_be(client, viewer):
    listed(full_name="Lee Listed")
    UserFactory(full_name="Oliver Optout", directory_visible=False)
    listed(full_name="Ian Inactive", is_active=False)
    response = client.get(DIRECTORY)
    assert names(response) == ["Lee Listed", "Vera Viewer"]
    assert b"Oliver Optout" not in response.content
    assert b"Ian Inactive" not in response.content


def test_opted_out_member_is_not_found_by_any_filter(client, viewer):
    community = CommunityFactory()
    hidden = member_of(community, full_name="Oliver Optout", region="north")
    hidden.interests.add("coaching")
    query = f"?name=oliver&region=north&community={community.slug}&interest=coaching"
    response = client.get(DIRECTORY + query)
    assert names(response) == []
    assert [slug for slug, _label in response.context["form"].fields["interest"].choices] == [""]


def test_opting_out_removes_a_member_at_once(client, viewer):
    member = listed(full_name="Lee Listed")
    url = reverse("directory:profile", kwargs={"pk": member.pk})
    assert client.get(url).status_code == 200
    member.directory_visible = False
    member.save()
    assert client.get(url).status_code == 404
    assert names(client.get(DIRECTORY)) == ["Vera Viewer"]


def test_community_pages_name_no_members(client, viewer):
    """Communities show a member count, never a member list: an opted-out member is not named."""
    community = CommunityFactory(slug="engagement")
    member_of(community, full_name="Oliver Optout")
    member_of(community, full_name="Lee Listed", directory_visible=True)
    for url in ("/en/communities/", "/en/communities/engagement/"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Oliver Optout" not in response.content
        assert b"Lee Listed" not in response.content


# Search, filters, paging ---------------------------------------------------------------------


def test_search_by_name_matches_every_word_in_any_case(client, viewer):
    listed(full_name="Morgan Tremblay")
    listed(full_name="Morgan Smith")
    listed(full_name="Tremblay Gagnon")
    assert names(client.get(DIRECTORY + "?name=morgan")) == ["Morgan Smith", "Morgan Tremblay"]
    assert names(client.get(DIRECTORY + "?name=TREMB")) == ["Morgan Tremblay", "Tremblay Gagnon"]
    assert names(client.get(DIRECTORY + "?name=morgan+trem")) == ["Morgan Tremblay"]
    assert names(client.get(DIRECTORY + "?name=nobody")) == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("department=esdc", ["Esme Esdc"]),
        ("region=quebec", ["Quinn Quebec"]),
        ("position=executive", ["Ezra Executive"]),
        ("region=pacific&position=manager", ["Vera Viewer"]),
    ],
)
def test_filters_by_department_region_and_level(client, viewer, query, expected):
    listed(full_name="Esme Esdc", department="esdc", region="ontario", position="supervisor")
    listed(full_name="Quinn Quebec", department="cra", region="quebec", position="supervisor")
    listed(full_name="Ezra Executive", department="cra", region="ontario", position="executive")
    assert names(client.get(f"{DIRECTORY}?{query}")) == expected


def test_filter_by_community_counts_active_members_only(client, viewer):
    community = CommunityFactory(slug="engagement")
    member_of(community, full_name="Ada Active", directory_visible=True)
    pending = listed(full_name="Pat Pending")
    community_approval = CommunityFactory(joining=Joining.APPROVAL)
    community_services.join_community(community=community_approval, member=pending, message="")
    assert names(client.get(DIRECTORY + "?community=engagement")) == ["Ada Active"]
    assert names(client.get(f"{DIRECTORY}?community={community_approval.slug}")) == []


def test_members_only_community_is_no_filter_for_outsiders(client, viewer):
    """Membership of a members-only community is for its members to see: others cannot filter by it."""
    private = CommunityFactory(slug="coaching", visibility=Visibility.MEMBERS, joining=Joining.APPROVAL)
    member_of(private, full_name="Cara Coach", directory_visible=True)
    response = client.get(DIRECTORY + "?community=coaching")
    assert "coaching" not in [
        str(value) for value, _label in response.context["form"].fields["community"].choices
    ]
    assert names(response) == ["Cara Coach", "Vera Viewer"]  # the tampered filter is dropped
    private.memberships.create(member=viewer, status="active")
    assert names(client.get(DIRECTORY + "?community=coaching")) == ["Cara Coach", "Vera Viewer"]


def test_filter_by_interest(client, viewer):
    listed(full_name="Ida Interested").interests.add("Coaching", "Open data")
    listed(full_name="Nell None")
    response = client.get(DIRECTORY + "?interest=open-data")
    assert names(response) == ["Ida Interested"]
    choices = response.context["form"].fields["interest"].choices
    assert choices == [("", "All interests"), ("coaching", "Coaching"), ("open-data", "Open data")]
    assert b"Coaching, Open data" in response.content


def test_pages_of_members_in_name_order(client, viewer):
    for number in range(MEMBERS_PER_PAGE + 4):
        listed(full_name=f"Member {number:02d}", region="north")
    first = client.get(DIRECTORY + "?region=north")
    assert names(first) == [f"Member {n:02d}" for n in range(MEMBERS_PER_PAGE)]
    assert b'href="?region=north&amp;page=2"' in first.content
    second = client.get(DIRECTORY + "?region=north&page=2")
    assert names(second) == [f"Member {n:02d}" for n in range(MEMBERS_PER_PAGE, MEMBERS_PER_PAGE + 4)]
    assert "29 members match your search." in second.content.decode()


def test_results_count_is_in_a_live_region(client, viewer):
    listed(full_name="Lee Listed")
    html = client.get(DIRECTORY).content.decode()
    assert (
        '<p id="directory-count" role="status" aria-live="polite" aria-atomic="true">'
        "2 members are listed.</p>" in html
    )


def test_htmx_search_returns_the_results_and_the_count(client, viewer):
    listed(full_name="Lee Listed")
    response = client.get(DIRECTORY + "?name=lee", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<span id="directory-count" hx-swap-oob="innerHTML">1 member matches your search.</span>' in html
    assert "<form" not in html
    assert "Lee Listed" in html


def test_directory_in_french_names_departments_in_french(client, viewer):
    listed(full_name="Esme Esdc", department="esdc")
    html = client.get("/fr/repertoire/?department=esdc").content.decode()
    assert "Emploi et Développement social Canada" in html
    assert "1 membre correspond à votre recherche." in html


# Queries -----------------------------------------------------------------------------------


def test_directory_queries_constant_in_members(client, viewer):
    community = CommunityFactory()
    viewer.interests.add("coaching")

    def grow():
        for number in range(MEMBERS_PER_PAGE + 5):
            member = member_of(community, full_name=f"Member {number:02d}", directory_visible=True)
            member.interests.add("coaching", f"topic {number}")

    assert_constant_queries(client, DIRECTORY, grow)
    assert_constant_queries(
        client, DIRECTORY + f"?name=member&community={community.slug}&interest=coaching", grow
    )


def test_profile_queries_constant_in_communities_and_posts(client, viewer):
    member = listed(full_name="Paula Poster")
    member.interests.add("coaching")
    url = reverse("directory:profile", kwargs={"pk": member.pk})

    def grow():
        for _ in range(6):
            community = CommunityFactory()
            community.memberships.create(member=member, status="active")
            thread = ThreadFactory(community=community, author=member)
            community_services.post_reply(thread=thread, author=member, body="More", language="en")

    assert_constant_queries(client, url, grow)


# Profiles ----------------------------------------------------------------------------------


@pytest.fixture
def poster(db):
    return listed(full_name="Paula Poster", department="tbs", region="ncr", position="executive")


def test_profile_shows_profile_fields_but_no_email(client, viewer, poster):
    poster.interests.add("Plain language")
    html = client.get(reverse("directory:profile", kwargs={"pk": poster.pk})).content.decode()
    assert "Treasury Board of Canada Secretariat" in html
    assert "National Capital Region" in html
    assert "Executive (EX)" in html
    assert '<a href="/en/directory/?interest=plain-language">Plain language</a>' in html
    assert poster.email not in html


def test_profile_lists_communities_the_viewer_may_see(client, viewer, poster):
    public = CommunityFactory(name_en="Engagement", name_fr="Mobilisation")
    private = CommunityFactory(name_en="Coaching circle", visibility=Visibility.MEMBERS)
    pending = CommunityFactory(name_en="Pending place", joining=Joining.APPROVAL)
    for community in (public, private):
        community.memberships.create(member=poster, status="active")
    pending.memberships.create(member=poster, status="pending")
    url = reverse("directory:profile", kwargs={"pk": poster.pk})
    assert [c.name_en for c in client.get(url).context["communities"]] == ["Engagement"]
    private.memberships.create(member=viewer, status="active")
    assert [c.name_en for c in client.get(url).context["communities"]] == ["Coaching circle", "Engagement"]
    assert "Mobilisation" in client.get(f"/fr/repertoire/{poster.pk}/").content.decode()


def test_profile_lists_only_visible_posts_in_readable_communities(client, viewer, poster):
    public = CommunityFactory(slug="engagement")
    private = CommunityFactory(slug="coaching", visibility=Visibility.MEMBERS)
    for community in (public, private):
        community.memberships.create(member=poster, status="active")
    shown = ThreadFactory(community=public, author=poster, title="Shown thread")
    hidden = ThreadFactory(community=public, author=poster, title="Hidden thread", status=PostStatus.HIDDEN)
    ThreadFactory(community=public, author=poster, title="Removed thread", status=PostStatus.REMOVED)
    ThreadFactory(community=private, author=poster, title="Private thread")
    reply = community_services.post_reply(thread=shown, author=poster, body="Shown reply", language="en")
    hidden_reply = community_services.post_reply(
        thread=shown, author=poster, body="Hidden reply", language="en"
    )
    hidden_reply.status = PostStatus.AUTO_HIDDEN
    hidden_reply.save()
    other = ThreadFactory(community=public, title="Someone else's")
    in_hidden = community_services.post_reply(
        thread=other, author=poster, body="In a hidden thread", language="en"
    )
    other.status = PostStatus.HIDDEN
    other.save()

    url = reverse("directory:profile", kwargs={"pk": poster.pk})
    posts = client.get(url).context["posts"]
    assert [(post.kind, post.pk) for post in posts] == [("reply", reply.pk), ("thread", shown.pk)]
    html = client.get(url).content.decode()
    assert reply.get_absolute_url() in html
    assert "Hidden thread" not in html and "Private thread" not in html
    assert hidden.pk and in_hidden.pk  # exist, yet not shown

    private.memberships.create(member=viewer, status="active")
    titles = [post.title for post in client.get(url).context["posts"] if post.kind == "thread"]
    assert titles == ["Private thread", "Shown thread"]


def test_admin_sees_posts_in_every_community(client, admin_user, poster):
    private = CommunityFactory(visibility=Visibility.MEMBERS)
    ThreadFactory(community=private, author=poster, title="Private thread")
    client.force_login(admin_user)
    posts = client.get(reverse("directory:profile", kwargs={"pk": poster.pk})).context["posts"]
    assert [post.title for post in posts] == ["Private thread"]


# Interests on the profile form ---------------------------------------------------------------


def test_profile_form_saves_interests(member):
    data = {
        "full_name": "Morgan Tremblay",
        "department": "tc",
        "region": "pacific",
        "position": "manager",
        "preferred_language": "en",
        "directory_visible": "on",
        "interests": "coaching, Open data",
    }
    form = ProfileForm(data, instance=member)
    assert form.is_valid(), form.errors
    form.save()
    assert sorted(member.interests.names()) == ["Open data", "coaching"]


def test_deleting_a_member_deletes_their_interests(member):
    member.interests.add("coaching")
    member.delete()
    assert TaggedItem.objects.count() == 0


def test_is_listed_agrees_with_the_directory(viewer):
    from members.directory import is_listed, listed_members

    people = [viewer, UserFactory(), listed(is_active=False), listed(full_name="")]
    assert [is_listed(None, person) for person in people] == [True, False, False, False]
    assert [listed_members().filter(pk=person.pk).exists() for person in people] == [
        True,
        False,
        False,
        False,
    ]


def test_profile_refuses_a_101_character_interest_next_to_the_field_and_keeps_the_rest(client, member):
    member.interests.add("coaching")
    client.force_login(member)
    data = {
        "full_name": "Morgan Tremblay",
        "department": "tc",
        "region": "pacific",
        "position": "manager",
        "preferred_language": "en",
        "interests": "coaching, " + "x" * 101,
    }
    response = client.post(reverse("members:profile_edit"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors["interests"]
    assert errors == ["A tag can be at most 100 characters long; “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…” has 101."]
    member.refresh_from_db()
    assert list(member.interests.names()) == ["coaching"]
    assert member.full_name != "Morgan Tremblay"


def test_profile_accepts_a_100_character_interest(member):
    data = {"full_name": "M", "preferred_language": "en", "interests": "y" * 100}
    form = ProfileForm(data, instance=member)
    assert form.is_valid(), form.errors
    form.save()
    assert list(member.interests.names()) == ["y" * 100]
