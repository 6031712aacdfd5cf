"""Mounted under events/ (nmc_portal.urls, before the events URLs): the paths are the ones emails and
bookmarks already carry."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "surveys"

organizer_patterns = [
    path("", views.SurveysView.as_view(), name="list"),
    path(_("consultation/"), views.ConsultationCreateView.as_view(), name="consultation_create"),
    path("<int:pk>/", views.SurveyEditView.as_view(), name="edit"),
    path(_("<int:pk>/open/"), views.SurveyOpenView.as_view(), name="open"),
    path(_("<int:pk>/close/"), views.SurveyCloseView.as_view(), name="close"),
    path(_("<int:pk>/questions/new/"), views.QuestionAddView.as_view(), name="question_add"),
    path(_("<int:pk>/questions/<int:question>/"), views.QuestionEditView.as_view(), name="question_edit"),
    path(
        _("<int:pk>/questions/<int:question>/remove/"),
        views.QuestionRemoveView.as_view(),
        name="question_remove",
    ),
    path(
        _("<int:pk>/needs/<int:choice>/session/"), views.NeedSessionCreateView.as_view(), name="need_session"
    ),
    path(_("<int:pk>/needs/<int:choice>/link/"), views.NeedLinkView.as_view(), name="need_link"),
    path(_("<int:pk>/needs/<int:choice>/unlink/"), views.NeedUnlinkView.as_view(), name="need_unlink"),
    path(_("<int:pk>/results/"), views.ResultsView.as_view(), name="results"),
    path(_("<int:pk>/needs-results/"), views.NeedsResultsView.as_view(), name="needs_results"),
    path(_("<int:pk>/results.csv"), views.ResultsCsvView.as_view(), name="results_csv"),
]

urlpatterns = [
    path(_("manage/<slug:slug>/surveys/"), include(organizer_patterns)),
    path(_("consultations/<int:pk>/"), views.ConsultationView.as_view(), name="consultation"),
    path(_("<slug:slug>/surveys/<int:pk>/<str:token>/"), views.SurveyAnswerView.as_view(), name="answer"),
]
