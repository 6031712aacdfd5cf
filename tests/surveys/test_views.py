"""Survey pages: answering from an invitation link, one editable response per person, anonymity, results
and CSV, needs consultations, and who may see each page."""

import csv
import datetime as dt
import io

import pytest
from django.core import signing
from django.utils import timezone

from events.models import Event
from surveys import links, results, services
from surveys.models import Response, Survey
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries
from tests.surveys.helpers import answer_data, link, old_token

pytestmark = pytest.mark.django_db


def test_the_form_rates_the_sessions_i_attended_not_breaks_nor_others_workshops(client, world):
    response = client.get(link(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Opening keynote" in page and "Strategy" in page
    assert "Risk" not in page and "Lunch" not in page


def test_answer_then_edit_keeps_one_response_per_person(client, world):
    survey, event = world["survey"], world["event"]
    data, questions, _ = answer_data(survey)
    data[f"q{questions['session_rating'].pk}_s{world['workshop'].pk}"] = 5
    url = link(world)
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (302, url)
    assert "You answered this survey" in client.get(url).content.decode()
    data[f"q{questions['rating'].pk}"] = 2
    client.post(url, data)
    assert Response.objects.filter(survey=survey).count() == 1
    answers = {
        (a.question.kind, a.session_id): a for a in Response.objects.get().answers.select_related("question")
    }
    assert answers[("rating", None)].rating == 2
    assert answers[("session_rating", world["workshop"].pk)].rating == 5
    assert answers[("multiple", None)].choices == [0, 2]
    assert event.pk == survey.event_id


def test_a_missing_required_answer_is_400_with_the_message_next_to_the_question(client, world):
    survey = world["survey"]
    data, questions, _ = answer_data(survey)
    del data[f"q{questions['rating'].pk}"]
    response = client.post(link(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert page.count("form-field-error") == 1  # the message sits in the rating question's group
    assert Response.objects.count() == 0


def test_tampered_link_is_400_with_a_clear_page(client, world):
    url = link(world)
    response = client.get(url[:-3] + "abc/")
    assert response.status_code == 400
    assert "The link is incomplete or has been changed." in response.content.decode()


def test_expired_link_is_410(client, world):
    token = old_token(world["survey"], world["member"], age=links.LINK_MAX_AGE + dt.timedelta(days=1))
    response = client.get(f"/en/events/{world['event'].slug}/surveys/{world['survey'].pk}/{token}/")
    assert response.status_code == 410
    assert "The link has expired." in response.content.decode()


def test_a_link_for_another_survey_is_400(client, world):
    other = services.create_consultation(
        event=world["event"], topics=[{"en": "A", "fr": ""}, {"en": "B", "fr": ""}]
    )
    token = links.link_token(other, world["member"])
    response = client.get(f"/en/events/{world['event'].slug}/surveys/{world['survey'].pk}/{token}/")
    assert response.status_code == 400
    assert "The link is for another survey." in response.content.decode()


def test_a_token_signed_with_another_salt_is_refused(client, world):
    token = signing.dumps({"s": world["survey"].pk, "m": world["member"].pk}, salt="something else")
    response = client.get(f"/en/events/{world['event'].slug}/surveys/{world['survey'].pk}/{token}/")
    assert response.status_code == 400


def test_a_closed_survey_is_410_and_keeps_the_answers(client, world):
    survey = world["survey"]
    data, _questions, _ = answer_data(survey)
    client.post(link(world), data)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(link(world), {**data, f"q{survey.questions.first().pk}": 1})
    assert response.status_code == 410
    assert "This survey is closed" in response.content.decode()
    assert Response.objects.get().answers.get(question=survey.questions.first()).rating == 4


def test_a_survey_not_open_yet_is_404(client, world):
    Survey.objects.filter(pk=world["survey"].pk).update(opens_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(link(world)).status_code == 404


def test_anonymous_results_and_csv_name_nobody(client, world):
    survey, member = world["survey"], world["member"]
    data, _questions, _ = answer_data(survey, text="Très utile")
    client.post(link(world), data)
    response = Response.objects.get()
    assert response.member_id is None
    assert response.respondent_key == links.respondent_key(survey, member) != str(member.pk)
    client.force_login(world["users"]["organizer"])
    base = f"/en/events/manage/{world['event'].slug}/surveys/{survey.pk}/"
    page = client.get(base + "results/").content.decode()
    export = client.get(base + "results.csv").content.decode("utf-8")
    assert export.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(export.removeprefix("\ufeff"))))
    assert rows[0][:2] == ["Response", "Language"]
    assert rows[1][:2] == ["1", "en"]
    assert "Très utile" in rows[1]
    for text in (page, export):
        assert member.email not in text
        assert "Amélie" not in text and "Côté" not in text
        assert response.respondent_key not in text
    assert f"member={member.pk}" not in export and f'"{member.pk}"' not in page


def test_a_named_survey_exports_who_answered(client, world):
    survey = world["survey"]
    Survey.objects.filter(pk=survey.pk).update(anonymous=False)
    data, _questions, _ = answer_data(survey)
    client.post(link(world), data)
    assert Response.objects.get().member == world["member"]
    client.force_login(world["users"]["organizer"])
    export = client.get(f"/en/events/manage/{world['event'].slug}/surveys/{survey.pk}/results.csv").content
    assert "amelie.cote@tc.gc.ca" in export.decode("utf-8")


def test_results_page_draws_svg_charts_with_a_title_and_a_table(client, world):
    data, questions, _ = answer_data(world["survey"])
    data[f"q{questions['session_rating'].pk}_s{world['workshop'].pk}"] = 5
    client.post(link(world), data)
    client.force_login(world["users"]["organizer"])
    page = client.get(
        f"/en/events/manage/{world['event'].slug}/surveys/{world['survey'].pk}/results/"
    ).content.decode()
    assert page.count('<svg role="img" aria-labelledby="chart-') == 4  # overall, sessions, topics, recommend
    assert "<title id=" in page and '<table class="chart-data">' in page
    assert "1 responses from 1 participants: a response rate of 100%." in page
    assert "Les ateliers" in page


def test_questions_can_be_edited_before_the_survey_opens_only(client, world):
    survey = world["survey"]
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() + dt.timedelta(days=1))
    client.force_login(world["users"]["organizer"])
    base = f"/en/events/manage/{world['event'].slug}/surveys/{survey.pk}/"
    response = client.post(
        base + "questions/new/", {"kind": "single", "text_en": "Venue?", "choices": "Only one"}
    )
    assert response.status_code == 400
    assert "A choice question needs at least two choices" in response.content.decode()
    response = client.post(
        base + "questions/new/",
        {"kind": "single", "text_en": "Venue?", "choices": "Good | Bon\nBad | Mauvais"},
    )
    assert response.status_code == 302
    question = survey.questions.get(text_en="Venue?")
    assert question.choices == [{"en": "Good", "fr": "Bon"}, {"en": "Bad", "fr": "Mauvais"}]
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() - dt.timedelta(minutes=1))
    client.post(base + f"questions/{question.pk}/remove/")
    assert survey.questions.filter(pk=question.pk).exists()  # opened: refused


# Needs consultation -----------------------------------------------------------------------------


def test_needs_consultation_for_a_draft_event_is_answered_by_members_and_ranks_the_topics(client, world):
    event = EventFactory(status=Event.Status.DRAFT, organizers=[world["users"]["organizer"]])
    client.force_login(world["users"]["organizer"])
    response = client.post(
        f"/en/events/manage/{event.slug}/surveys/consultation/",
        {"topics": "Coaching | Coaching\nBudgets | Budgets\nWellness | Mieux-être"},
    )
    survey = Survey.objects.get(event=event, kind="needs")
    assert response["Location"] == f"/en/events/manage/{event.slug}/surveys/{survey.pk}/"
    client.post(f"/en/events/manage/{event.slug}/surveys/{survey.pk}/open/")
    survey.refresh_from_db()
    assert survey.is_open()
    topics = survey.questions.get(kind="multiple")
    for picks in ([1, 2], [2], [2, 0]):
        client.force_login(UserFactory())
        assert f"/en/events/consultations/{survey.pk}/" in client.get("/en/events/").content.decode()
        assert client.get(f"/en/events/{event.slug}/").status_code == 404  # the draft stays hidden
        response = client.post(f"/en/events/consultations/{survey.pk}/", {f"q{topics.pk}": picks})
        assert response.status_code == 302
    outcome = results.results_for(survey)
    assert outcome.invited is None
    assert [(b.label, b.count) for b in outcome.questions[0].chart.bars] == [
        ("Wellness", 3),
        ("Coaching", 1),
        ("Budgets", 1),
    ]


def test_consultation_asks_visitors_to_sign_in(client, world):
    survey = services.create_consultation(
        event=world["event"], topics=[{"en": "A", "fr": ""}, {"en": "B", "fr": ""}]
    )
    services.open_survey(survey=survey)
    url = f"/en/events/consultations/{survey.pk}/"
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={url}")


# Permissions ------------------------------------------------------------------------------------

ROLES = ["visitor", "member", "other_organizer", "organizer", "admin"]
# name, method, path under /en/events/manage/<slug>/, status for those who may manage
SURVEY_URLS = [
    ("surveys", "get", "surveys/", 200),
    ("consultation_create", "post", "surveys/consultation/", 400),  # empty form
    ("survey_edit", "get", "surveys/{survey}/", 200),
    ("survey_edit_post", "post", "surveys/{survey}/", 400),  # empty form
    ("survey_open", "post", "surveys/{survey}/open/", 302),
    ("survey_close", "post", "surveys/{survey}/close/", 302),
    ("question_add", "get", "surveys/{survey}/questions/new/", 200),
    ("question_add_post", "post", "surveys/{survey}/questions/new/", 400),
    ("question_edit", "get", "surveys/{survey}/questions/{question}/", 200),
    ("question_edit_post", "post", "surveys/{survey}/questions/{question}/", 400),
    ("question_remove", "post", "surveys/{survey}/questions/{question}/remove/", 302),
    ("results", "get", "surveys/{survey}/results/", 200),
    ("results_csv", "get", "surveys/{survey}/results.csv", 200),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "path", "allowed"), SURVEY_URLS, ids=[u[0] for u in SURVEY_URLS])
def test_organizer_survey_url_permission_matrix(client, world, role, name, method, path, allowed):
    if world["users"][role]:
        client.force_login(world["users"][role])
    survey = world["survey"]
    url = f"/en/events/manage/{world['event'].slug}/" + path.format(
        survey=survey.pk, question=survey.questions.first().pk
    )
    response = getattr(client, method)(url, {})
    expected = {"visitor": 302, "member": 404, "other_organizer": 404}.get(role, allowed)
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("visitor", 200), ("member", 200), ("other_organizer", 200), ("organizer", 200), ("admin", 200)],
)
def test_answer_link_permission_matrix_the_token_alone_decides(client, world, role, expected):
    if world["users"][role]:
        client.force_login(world["users"][role])
    response = client.get(link(world))
    assert response.status_code == expected
    assert response.context["form"].survey == world["survey"]
    assert "Opening keynote" in response.content.decode()  # the invited member's sessions, whoever opens it


@pytest.mark.parametrize(
    ("role", "expected"),
    [("visitor", 302), ("member", 200), ("other_organizer", 200), ("organizer", 200), ("admin", 200)],
)
def test_consultation_permission_matrix(client, world, role, expected):
    survey = services.create_consultation(event=world["event"], topics=[{"en": "A"}, {"en": "B"}])
    services.open_survey(survey=survey)
    if world["users"][role]:
        client.force_login(world["users"][role])
    url = f"/en/events/consultations/{survey.pk}/"
    response = client.get(url)
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"


def test_consultation_of_a_cancelled_event_or_a_feedback_survey_is_404(client, world):
    client.force_login(world["users"]["member"])
    assert client.get(f"/en/events/consultations/{world['survey'].pk}/").status_code == 404  # feedback
    survey = services.create_consultation(event=world["event"], topics=[{"en": "A"}, {"en": "B"}])
    services.open_survey(survey=survey)
    Event.objects.filter(pk=world["event"].pk).update(status=Event.Status.CANCELLED)
    assert client.get(f"/en/events/consultations/{survey.pk}/").status_code == 404


def test_organizer_survey_urls_of_another_events_survey_are_404(client, world):
    other_event = EventFactory(organizers=[world["users"]["organizer"]])
    client.force_login(world["users"]["organizer"])
    survey = world["survey"]
    base = f"/en/events/manage/{other_event.slug}/surveys/{survey.pk}/"
    for path in ("", "results/", "results.csv", f"questions/{survey.questions.first().pk}/"):
        assert client.get(base + path).status_code == 404


def test_french_paths_are_the_ones_emails_already_carry(client, world):
    client.force_login(world["users"]["organizer"])
    slug, pk = world["event"].slug, world["survey"].pk
    assert client.get(f"/fr/evenements/gerer/{slug}/sondages/").status_code == 200
    assert client.get(f"/fr/evenements/gerer/{slug}/sondages/{pk}/resultats/").status_code == 200
    assert client.get(f"/fr/evenements/gerer/{slug}/sondages/{pk}/resultats.csv").status_code == 200
    token = links.link_token(world["survey"], world["member"])
    assert client.get(f"/fr/evenements/{slug}/sondages/{pk}/{token}/").status_code == 200


def test_the_surveys_page_lists_a_feedback_survey_that_follows_the_agenda(client, world):
    event = EventFactory(organizers=[world["users"]["organizer"]])
    client.force_login(world["users"]["organizer"])
    page = client.get(f"/en/events/manage/{event.slug}/surveys/").content.decode()
    survey = Survey.objects.get(event=event, kind="feedback")
    assert f"Your feedback: {event.title_en}" in page
    assert "(follows the agenda)" in page
    assert survey.opens_at is None


def test_a_link_for_a_member_no_longer_active_is_400(client, world):
    url = link(world)
    type(world["member"]).objects.filter(pk=world["member"].pk).update(is_active=False)
    response = client.get(url)
    assert response.status_code == 400
    assert "The link is incomplete or has been changed." in response.content.decode()


def test_the_surveys_page_issues_the_same_queries_for_more_surveys(client, world):
    client.force_login(world["users"]["organizer"])

    def grow():
        for n in range(3):
            services.create_consultation(event=world["event"], topics=[{"en": f"A{n}"}, {"en": f"B{n}"}])

    assert_constant_queries(client, f"/en/events/manage/{world['event'].slug}/surveys/", grow)


def test_saving_a_following_survey_with_empty_dates_keeps_it_following_the_agenda(client, world):
    event = EventFactory(organizers=[world["users"]["organizer"]])
    survey = services.ensure_feedback_survey(event)
    client.force_login(world["users"]["organizer"])
    url = f"/en/events/manage/{event.slug}/surveys/{survey.pk}/"
    page = client.get(url).content.decode()
    assert "Leave it empty to follow the agenda: 2 hours after the last session ends." in page
    fields = {"title_en": "Tell us", "anonymous": "on", "reminder_after_days": 7}
    assert client.post(url, {**fields, "opens_at": "", "closes_at": ""}).status_code == 302
    survey.refresh_from_db()
    assert (survey.title_en, survey.opens_at, survey.closes_at) == ("Tell us", None, None)
    assert client.post(url, {**fields, "opens_at": "2030-01-16T09:00", "closes_at": ""}).status_code == 302
    survey.refresh_from_db()
    assert survey.opens_at == dt.datetime(2030, 1, 16, 9, 0, tzinfo=event.tzinfo)
    assert (survey.follows_event, survey.closes_at) == (False, None)
