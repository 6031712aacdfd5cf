"""Pages: who gets what on every URL, forms (uploads included), downloads, votes, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import services
from learning.models import Comment, Resource, Revision, UsefulVote
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

from .factories import bulk_resources, make_resource
from .test_services import EXE, PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(organizer, moderator, admin_user):
    other_organizer = UserFactory()
    EventFactory(organizers=[other_organizer])
    return {
        "visitor": None,
        "member": UserFactory(),
        "organizer": organizer,
        "moderator": moderator,
        "other organizer": other_organizer,
        "admin": admin_user,
    }


@pytest.fixture
def resource(organizer, event, community):
    resource = make_resource(
        author=organizer,
        slug="playbook",
        title_en="Playbook",
        body="First.",
        event=event,
        community=community,
        upload=SimpleUploadedFile("slides.pdf", PDF),
        checked_file=services_checked(PDF, "slides.pdf"),
    )
    services.update_resource(resource=resource, author=organizer, change_note="Second", body="Second.")
    return resource


def services_checked(content, name):
    from learning.uploads import check_upload

    return check_upload(SimpleUploadedFile(name, content))


def status_for(client, user, method, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.post(url) if method == "post" else client.get(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


EVERYONE = ["visitor", "member", "organizer", "moderator", "other organizer", "admin"]
CURATORS = {"organizer", "moderator", "admin"}


def curators_only(allowed=200):
    return {
        actor: allowed if actor in CURATORS else ("login" if actor == "visitor" else 403)
        for actor in EVERYONE
    }


MATRIX = [
    ("get", "learning:library", {}, dict.fromkeys(EVERYONE, 200)),
    ("get", "search:search", {}, dict.fromkeys(EVERYONE, 200)),
    ("get", "learning:tag_suggestions", {}, dict.fromkeys(EVERYONE, 200)),
    ("get", "learning:detail", {"slug": "playbook"}, dict.fromkeys(EVERYONE, 200)),
    ("get", "learning:download", {"slug": "playbook"}, dict.fromkeys(EVERYONE, 200)),
    ("get", "learning:history", {"slug": "playbook"}, dict.fromkeys(EVERYONE, 200)),
    ("get", "learning:compare", {"slug": "playbook"}, dict.fromkeys(EVERYONE, 400)),
    ("get", "learning:event_resources", {"slug": "learning-day"}, dict.fromkeys(EVERYONE, 200)),
    ("get", "learning:create", {}, {**curators_only(), "other organizer": 200}),
    ("get", "learning:edit", {"slug": "playbook"}, curators_only()),
    ("get", "learning:restore", {"slug": "playbook", "number": 1}, curators_only()),
    ("post", "learning:restore", {"slug": "playbook", "number": 1}, curators_only(302)),
    ("post", "learning:useful", {"slug": "playbook"}, {**dict.fromkeys(EVERYONE, 302), "visitor": "login"}),
    ("post", "learning:comment", {"slug": "playbook"}, {**dict.fromkeys(EVERYONE, 400), "visitor": "login"}),
]


@pytest.mark.parametrize(
    ("method", "name", "kwargs", "expected"), MATRIX, ids=[f"{m} {n}" for m, n, _k, _e in MATRIX]
)
def test_permission_matrix(client, actors, resource, method, name, kwargs, expected):
    url = reverse(name, kwargs=kwargs)
    assert {actor: status_for(client, user, method, url) for actor, user in actors.items()} == expected


def test_members_only_resource_is_404_for_visitors_on_every_page(client, organizer, event):
    make_resource(author=organizer, slug="notes", event=event, audience="members")
    for name in ["detail", "history", "compare", "download", "edit", "useful", "comment"]:
        assert client.get(reverse(f"learning:{name}", kwargs={"slug": "notes"})).status_code == 404, name
    client.force_login(UserFactory())
    assert client.get(reverse("learning:detail", kwargs={"slug": "notes"})).status_code == 200


def test_materials_of_a_draft_event_are_404_except_to_its_organizers(client, organizer):
    draft = EventFactory(slug="draft-day", status="draft", organizers=[organizer])
    url = reverse("learning:event_resources", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    client.force_login(organizer)
    assert client.get(url).status_code == 200


def form_data(**overrides):
    data = {
        "kind": "file",
        "title_en": "Workshop slides",
        "title_fr": "Présentation de l'atelier",
        "summary_en": "The slides.",
        "summary_fr": "La présentation.",
        "language": "en",
        "body": "",
        "url": "",
        "source_name": "",
        "tags": "social media, strategy",
        "event": "",
        "community": "",
        "audience": "public",
        "change_note": "",
    }
    data.update(overrides)
    return data


def test_an_organizer_uploads_slides_to_their_event(client, organizer, event):
    client.force_login(organizer)
    data = form_data(event=event.pk, file=SimpleUploadedFile("Slides day 1.pdf", PDF))
    response = client.post(reverse("learning:create"), data)
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert (resource.file_name, resource.file_type, resource.file_size) == (
        "Slides_day_1.pdf",
        "application/pdf",
        len(PDF),
    )
    assert sorted(resource.tags.names()) == ["social media", "strategy"]
    assert [
        (revision.number, revision.change_note, revision.note) for revision in Revision.objects.all()
    ] == [(1, "", "First version")]
    download = client.get(reverse("learning:download", kwargs={"slug": resource.slug}))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Slides_day_1.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    detail = client.get(resource.get_absolute_url()).content.decode()
    ask = f'href="/en/accessibility/?page={resource.get_absolute_url()}#report"'
    assert ask in detail  # another format on request, for the file
    form = client.get(f"/en/accessibility/?page={resource.get_absolute_url()}").content.decode()
    assert f'value="{resource.get_absolute_url()}"' in form


def test_a_refused_upload_keeps_the_rest_of_the_form(client, organizer, event):
    client.force_login(organizer)
    data = form_data(event=event.pk, file=SimpleUploadedFile("report.pdf", EXE))
    response = client.post(reverse("learning:create"), data)
    assert response.status_code == 400
    assert Resource.objects.count() == 0
    form = response.context["form"]
    assert form.errors["file"] == [
        "This type of file is not accepted. Upload a PDF, an Office document (Word, Excel, PowerPoint), "
        "an image (PNG, JPEG, GIF, WebP) or plain text."
    ]
    content = response.content.decode()
    assert 'value="Workshop slides"' in content
    assert "Présentation de l&#x27;atelier" in content
    assert 'value="social media, strategy"' in content


def test_an_empty_upload_is_refused(client, organizer, event):
    client.force_login(organizer)
    response = client.post(
        reverse("learning:create"), form_data(event=event.pk, file=SimpleUploadedFile("empty.pdf", b""))
    )
    assert response.status_code == 400
    # Django's own FileField check answers first for an empty file.
    assert response.context["form"].errors["file"] == ["The submitted file is empty."]


def test_an_organizer_cannot_link_a_resource_to_someone_elses_event(client, organizer, event):
    client.force_login(organizer)
    other = EventFactory()
    response = client.post(reverse("learning:create"), form_data(kind="guide", event=other.pk))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["event"]
    assert Resource.objects.count() == 0


def test_editing_records_a_revision_and_the_history_compares_them(client, organizer, resource):
    client.force_login(organizer)
    data = form_data(
        kind="file",
        title_en="Playbook",
        title_fr="",
        body="Second.\nThird paragraph.",
        event=resource.event_id,
        change_note="Added a paragraph",
        tags="",
    )
    response = client.post(reverse("learning:edit", kwargs={"slug": "playbook"}), data)
    assert response.status_code == 302
    assert [(revision.number, revision.note) for revision in Revision.objects.order_by("number")] == [
        (1, "First version"),
        (2, "Second"),
        (3, "Added a paragraph"),
    ]
    response = client.get(reverse("learning:compare", kwargs={"slug": "playbook"}), {"old": 1, "new": 3})
    content = response.content.decode()
    assert response.status_code == 200
    assert '<del><span class="sr-only">[removed: </span>First.<span class="sr-only">]</span></del>' in content
    assert (
        '<ins><span class="sr-only">[added: </span>Third paragraph.<span class="sr-only">]</span></ins>'
        in content
    )


def test_restore_through_the_page(client, organizer, resource):
    client.force_login(organizer)
    response = client.post(reverse("learning:restore", kwargs={"slug": "playbook", "number": 1}))
    assert response["Location"] == reverse("learning:history", kwargs={"slug": "playbook"})
    resource.refresh_from_db()
    assert (resource.body, resource.revision_count) == ("First.", 3)


def test_useful_vote_toggles_and_counts_once(client, resource):
    member = UserFactory()
    client.force_login(member)
    url = reverse("learning:useful", kwargs={"slug": "playbook"})
    client.post(url, {"useful": "yes"})
    client.post(url, {"useful": "yes"})
    assert UsefulVote.objects.filter(resource=resource).count() == 1
    response = client.post(url, {"useful": "no"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "0 members found this useful." in response.content.decode()
    assert UsefulVote.objects.count() == 0


def test_most_useful_this_month_on_the_library_home(client):
    first, second = make_resource(title_en="Often useful"), make_resource(title_en="Once useful")
    for member in UserFactory.create_batch(2):
        services.mark_useful(resource=first, member=member)
    services.mark_useful(resource=second, member=UserFactory())
    response = client.get(reverse("learning:library"))
    assert [(r.title_en, r.month_votes) for r in response.context["most_useful"]] == [
        ("Often useful", 2),
        ("Once useful", 1),
    ]


def test_comment_is_posted_sanitized(client, resource):
    client.force_login(UserFactory())
    response = client.post(
        reverse("learning:comment", kwargs={"slug": "playbook"}), {"body": "Great <script>x</script>**tip**"}
    )
    assert response.status_code == 302
    assert resource.comments.get().body_html == "<p>Great <strong>tip</strong></p>"


def test_tag_suggestions_complete_the_last_tag(client):
    make_resource(tags=["coaching", "communication", "budget"])
    response = client.get(reverse("learning:tag_suggestions"), {"tags": "budget, co"})
    assert response.content.decode().strip() == (
        '<option value="budget, coaching"></option><option value="budget, communication"></option>'
    )


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/en/library/"],
)
def test_library_pages_issue_the_same_queries_for_5_or_40_resources(client, url):
    bulk_resources(5)
    make_resource(title_en="Tagged guide", tags=["coaching"])
    assert_constant_queries(client, url, lambda: bulk_resources(35))


def test_event_materials_issue_the_same_queries_for_2_or_20_resources(client, event):
    for _ in range(2):
        make_resource(event=event, tags=["slides"])
    url = reverse("learning:event_resources", kwargs={"slug": event.slug})
    assert_constant_queries(client, url, lambda: bulk_resources(18, event=event))


def test_history_issues_the_same_queries_for_2_or_12_revisions(client, organizer, resource):
    def grow():
        for number in range(10):
            services.update_resource(
                resource=resource, author=organizer, change_note=f"Edit {number}", body=str(number)
            )

    assert_constant_queries(client, reverse("learning:history", kwargs={"slug": "playbook"}), grow)


# Reporting comments ---------------------------------------------------------------------------


@pytest.fixture
def comment(resource):
    return services.post_comment(
        resource=resource, author=UserFactory(full_name="Cara Commenter"), body="Buy now!"
    )


def report_url(comment):
    return reverse("learning:report_comment", kwargs={"slug": comment.resource.slug, "pk": comment.pk})


def hide_url(comment):
    return reverse("learning:hide_comment", kwargs={"slug": comment.resource.slug, "pk": comment.pk})


def test_a_member_reports_a_comment_once(client, comment):
    from learning.models import CommentReport

    member = UserFactory()
    client.force_login(member)
    assert client.get(report_url(comment)).status_code == 200
    response = client.post(report_url(comment), {"reason": "spam", "text": ""})
    assert response.status_code == 302
    assert list(CommentReport.objects.values_list("reporter", "reason", "status")) == [
        (member.pk, "spam", "open")
    ]
    again = client.post(report_url(comment), {"reason": "off_topic", "text": ""})
    assert again.status_code == 400
    assert again.context["form"].non_field_errors() == ["You have already reported this comment."]
    assert CommentReport.objects.count() == 1


def test_reporting_other_needs_details_and_a_reason(client, comment):
    client.force_login(UserFactory())
    response = client.post(report_url(comment), {"reason": "other", "text": " "})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Tell the moderators what is wrong."]
    response = client.post(report_url(comment), {"reason": "", "text": "x"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]


def test_who_may_report_and_hide_a_comment(client, comment, actors):
    report = {actor: status_for(client, user, "get", report_url(comment)) for actor, user in actors.items()}
    assert report == {**dict.fromkeys(EVERYONE, 200), "visitor": "login"}
    client.force_login(comment.author)
    assert client.get(report_url(comment)).status_code == 403
    hide = {}
    for actor, user in actors.items():
        Comment.objects.filter(pk=comment.pk).update(status="visible")  # hidden by the previous actor
        hide[actor] = status_for(client, user, "post", hide_url(comment))
    # The resource's event organizer curates the resource but does not moderate its comments.
    assert hide == {
        "visitor": "login",
        "member": 403,
        "organizer": 403,
        "moderator": 302,
        "other organizer": 403,
        "admin": 302,
    }


def test_a_community_moderator_hides_a_reported_comment(client, comment, moderator):
    from learning.models import CommentReport

    reporter = UserFactory()
    services.report_comment(comment=comment, reporter=reporter, reason="spam")
    client.force_login(moderator)
    page = client.get(comment.resource.get_absolute_url()).content.decode()
    assert "1 open report" in page
    assert client.post(hide_url(comment)).status_code == 302
    comment.refresh_from_db()
    assert comment.status == "hidden"
    assert list(CommentReport.objects.values_list("status", flat=True)) == ["resolved"]
    assert "Buy now!" not in client.get(comment.resource.get_absolute_url()).content.decode()
    assert client.get(report_url(comment)).status_code == 404


def test_the_resource_page_issues_the_same_queries_for_1_or_10_reported_comments(client, comment, moderator):
    services.report_comment(comment=comment, reporter=UserFactory(), reason="spam")

    def grow():
        for number in range(9):
            other = services.post_comment(resource=comment.resource, author=UserFactory(), body=f"C{number}")
            services.report_comment(comment=other, reporter=UserFactory(), reason="off_topic")

    client.force_login(moderator)
    assert_constant_queries(client, comment.resource.get_absolute_url(), grow)
    client.force_login(UserFactory())
    assert_constant_queries(client, comment.resource.get_absolute_url(), lambda: None)


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("strategy, " + "t" * 101, "A tag can be at most 100 characters long"),
        (", ".join(f"tag{n}" for n in range(21)), "Use at most 20 tags."),
    ],
)
def test_resource_tags_out_of_bounds_are_refused_next_to_the_field(client, organizer, event, tags, message):
    client.force_login(organizer)
    data = form_data(event=event.pk, file=SimpleUploadedFile("slides.pdf", PDF), tags=tags)
    response = client.post(reverse("learning:create"), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors["tags"][0]
    assert Resource.objects.count() == 0


def test_history_in_french_calls_revisions_versions(client, organizer, resource):
    """Inclusive, usual wording: a document's revisions are « versions » in French."""
    client.force_login(organizer)
    html = client.get(f"/fr/bibliotheque/{resource.slug}/historique/").content.decode()
    assert "Comparer la version" in html
    assert "révision" not in html.lower()
