"""Surveys: organizers edit and open them and read the results; members answer from a link or, for a
needs consultation, signed in.

Thin views: read the input, call one service in surveys.services, render or redirect.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from events.forms import SessionForm
from events.models import Event, Session
from events.views.mixins import ManageEventMixin
from nmc_portal.bilingual import current_language, localized
from nmc_portal.csv import csv_response
from nmc_portal.errors import DomainError, add_to_form
from nmc_portal.submissions import submit_once

from . import needs, needs_results, queries, results, services
from .forms import AnswerForm, ConsultationForm, QuestionForm, SurveySettingsForm
from .links import LinkError, member_from_token
from .models import NeedsSuggestion, Question, Survey


class ManageSurveyMixin(ManageEventMixin):
    def survey(self, pk):
        return get_object_or_404(Survey.objects.select_related("event"), event=self.event, pk=pk)

    def question(self, survey, pk):
        return get_object_or_404(Question, survey=survey, pk=pk)

    def to_survey(self, survey):
        return redirect("surveys:edit", slug=self.event.slug, pk=survey.pk)


class SurveysView(ManageSurveyMixin, View):
    def context(self, form=None):
        if self.event.status != Event.Status.CANCELLED:
            services.ensure_feedback_survey(self.event)
        survey_list = (
            self.event.surveys.annotate(response_count=Count("responses")).order_by("kind", "pk").all()
        )
        for survey in survey_list:
            survey.event = self.event  # a window that follows the event reads its agenda once each
        return {"surveys": survey_list, "form": form or ConsultationForm()}

    def get(self, request):
        return self.render("surveys/manage_list.html", self.context())


class ConsultationCreateView(SurveysView):
    http_method_names = ["post"]

    def post(self, request):
        form = ConsultationForm(request.POST)
        if form.is_valid():
            event, topics = self.event, form.cleaned_data["topics"]
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: services.create_consultation(event=event, topics=topics),
                    url=lambda survey: self.to_survey(survey).url,
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Consultation created. Check it, then open it to members."))
                return redirect(outcome.url)
        return self.render("surveys/manage_list.html", self.context(form), status=400)


class SurveyEditView(ManageSurveyMixin, View):
    def context(self, survey, form):
        return {
            "survey": survey,
            "form": form,
            "questions": survey.questions.all(),
            "editable": services.is_editable(survey),
        }

    def get(self, request, pk):
        survey = self.survey(pk)
        form = SurveySettingsForm(instance=survey, event=self.event)
        return self.render("surveys/edit.html", self.context(survey, form))

    def post(self, request, pk):
        survey = self.survey(pk)
        form = SurveySettingsForm(request.POST, instance=Survey.objects.get(pk=survey.pk), event=self.event)
        if form.is_valid():
            try:
                services.update_survey(survey=survey, **form.service_fields())
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Survey saved."))
                return self.to_survey(survey)
        return self.render("surveys/edit.html", self.context(survey, form), status=400)


class SurveyOpenView(ManageSurveyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        survey = self.survey(pk)
        try:
            services.open_survey(survey=survey)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The survey is open."))
        return self.to_survey(survey)


class SurveyCloseView(ManageSurveyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        survey = self.survey(pk)
        try:
            services.close_survey(survey=survey)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The survey is closed."))
        return self.to_survey(survey)


class QuestionAddView(ManageSurveyMixin, View):
    def get(self, request, pk):
        survey = self.survey(pk)
        return self.render("surveys/question_form.html", {"survey": survey, "form": QuestionForm()})

    def post(self, request, pk):
        survey = self.survey(pk)
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: services.add_question(survey=survey, **form.cleaned_data),
                    url=lambda _question: self.to_survey(survey).url,
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Question added."))
                return redirect(outcome.url)
        context = {"survey": survey, "form": form}
        return self.render("surveys/question_form.html", context, status=400)


class QuestionEditView(ManageSurveyMixin, View):
    def get(self, request, pk, question):
        survey = self.survey(pk)
        question = self.question(survey, question)
        form = QuestionForm(initial=QuestionForm.initial_for(question))
        context = {"survey": survey, "question": question, "form": form}
        return self.render("surveys/question_form.html", context)

    def post(self, request, pk, question):
        survey = self.survey(pk)
        question = self.question(survey, question)
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.update_question(question=question, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Question saved."))
                return self.to_survey(survey)
        context = {"survey": survey, "question": question, "form": form}
        return self.render("surveys/question_form.html", context, status=400)


class QuestionRemoveView(ManageSurveyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, question):
        survey = self.survey(pk)
        try:
            services.remove_question(question=self.question(survey, question))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Question removed."))
        return self.to_survey(survey)


class ResultsView(ManageSurveyMixin, View):
    def get(self, request, pk):
        survey = self.survey(pk)
        return self.render("surveys/results.html", {"survey": survey, "results": results.results_for(survey)})


class ResultsCsvView(ManageSurveyMixin, View):
    def get(self, request, pk):
        survey = self.survey(pk)
        return csv_response(f"{self.event.slug}-survey-{survey.pk}.csv", results.csv_rows(survey))


# Answering --------------------------------------------------------------------------------------


class AnswerMixin:
    """Shows a survey's form, saves the answers (one response per person, editable until it closes)."""

    template = "surveys/answer.html"

    def answer_form(self, survey, member, data=None):
        sessions = queries.sessions_to_rate(survey, member) if survey.kind == Survey.Kind.FEEDBACK else []
        response = queries.response_of(survey, member)
        form = AnswerForm(
            data, survey=survey, questions=list(survey.questions.all()), sessions=sessions, response=response
        )
        return form, response

    def show(self, request, survey, form, response, status=200):
        context = {"survey": survey, "event": survey.event, "form": form, "response": response}
        return render(request, self.template, context, status=status)

    def closed(self, request, survey):
        return render(request, "surveys/closed.html", {"survey": survey, "event": survey.event}, status=410)

    def handle(self, request, survey, member):
        if not survey.has_opened():
            raise Http404
        if survey.has_closed():
            return self.closed(request, survey)
        if request.method == "POST":
            form, response = self.answer_form(survey, member, request.POST)
            if form.is_valid():
                try:
                    services.save_response(
                        survey=survey, member=member, answers=form.answers(), language=current_language()
                    )
                except DomainError:  # the only refusal: it closed while the form was open
                    return self.closed(request, survey)
                messages.success(
                    request,
                    _("Thank you: your answers are saved. You can change them until the survey closes."),
                )
                return redirect(request.get_full_path())
            return self.show(request, survey, form, response, status=400)
        form, response = self.answer_form(survey, member)
        return self.show(request, survey, form, response)


class SurveyAnswerView(AnswerMixin, View):
    """Reached from the invitation email: the signed token says who answers; no sign-in."""

    def dispatch(self, request, slug, pk, token):
        survey = get_object_or_404(Survey.objects.select_related("event"), event__slug=slug, pk=pk)
        try:
            member = member_from_token(token, survey)
        except LinkError as error:
            status = 410 if error.reason == "expired" else 400
            context = {"reason": error.reason, "survey": survey, "event": survey.event}
            return render(request, "surveys/link_problem.html", context, status=status)
        return self.handle(request, survey, member)


class ConsultationView(AnswerMixin, View):
    """A needs consultation, answered signed in; reachable even while its event is a draft."""

    def dispatch(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        survey = get_object_or_404(
            Survey.objects.select_related("event").exclude(event__status=Event.Status.CANCELLED),
            kind=Survey.Kind.NEEDS,
            pk=pk,
        )
        return self.handle(request, survey, request.user)


# Needs shape the agenda: the builder's Needs panel posts here (surveys.needs) ----------------------


class NeedSessionForm(forms.Form):
    """Any session by number: one of another event is refused by the service, with its reason."""

    session = forms.ModelChoiceField(queryset=Session.objects.all(), label=_lazy("Session"))


class NeedMixin(ManageSurveyMixin):
    def need(self, pk, choice):
        """(survey, topic label) of a need of this event's consultation; 404 when there is no such."""
        survey = get_object_or_404(
            Survey.objects.select_related("event"), event=self.event, pk=pk, kind=Survey.Kind.NEEDS
        )
        question = needs.topics_question(survey)
        if question is None or not 0 <= choice < len(question.choices):
            raise Http404
        return survey, results.choice_label(question.choices[choice])

    def refused(self, survey, topic, message, form=None):
        context = {"survey": survey, "topic": topic, "message": message, "form": form}
        return self.render("surveys/needs/refused.html", context, status=400)


class NeedSessionCreateView(NeedMixin, View):
    """ "Turn into a session": the Add a session form, prefilled in both languages from the topic; the
    session it adds answers the need. Sent twice, it adds one session (submit_once)."""

    def context(self, survey, topic, form):
        return {"survey": survey, "topic": topic, "form": form}

    def get(self, request, pk, choice):
        survey, topic = self.need(pk, choice)
        form = SessionForm(event=self.event, initial=needs.session_prefill(survey, choice))
        return self.render("surveys/needs/session_form.html", self.context(survey, topic, form))

    def post(self, request, pk, choice):
        survey, topic = self.need(pk, choice)
        form = SessionForm(request.POST, event=self.event)
        if form.is_valid():
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: needs.create_session_for_need(
                        survey=survey, choice=choice, **form.service_fields()
                    ),
                    url=lambda _created: reverse("events:builder", kwargs={"slug": self.event.slug}),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(request, _("Session added: it answers “%(need)s”.") % {"need": topic})
                return redirect(outcome.url)
        return self.render("surveys/needs/session_form.html", self.context(survey, topic, form), status=400)


class NeedLinkView(NeedMixin, View):
    """Link (or, with `unlink`, unlink) an existing session to a need. Both are idempotent."""

    http_method_names = ["post"]
    service = staticmethod(needs.link_session_to_need)

    def post(self, request, pk, choice):
        survey, topic = self.need(pk, choice)
        form = NeedSessionForm(request.POST)
        if not form.is_valid():
            return self.refused(survey, topic, _("Choose a session of this event."), form)
        session = form.cleaned_data["session"]
        try:
            self.service(survey=survey, choice=choice, session=session)
        except DomainError as error:
            return self.refused(survey, topic, error.message)
        messages.success(request, self.done_message(session, topic))
        return redirect("events:builder", slug=self.event.slug)

    def done_message(self, session, topic):
        names = {"session": localized(session, "title")[0], "need": topic}
        return _("“%(session)s” now answers “%(need)s”.") % names


class NeedUnlinkView(NeedLinkView):
    service = staticmethod(needs.unlink_session_from_need)

    def done_message(self, session, topic):
        names = {"session": localized(session, "title")[0], "need": topic}
        return _("“%(session)s” no longer answers “%(need)s”.") % names


class NeedsResultsView(NeedMixin, View):
    """After the event, were the needs met? Per need: asked, attended, ratings, comments (no names);
    needs not covered. Before the event ends it says when the figures will be there."""

    def get(self, request, pk):
        survey = get_object_or_404(
            Survey.objects.select_related("event"), event=self.event, pk=pk, kind=Survey.Kind.NEEDS
        )
        found = needs_results.needs_results(survey)
        if found is None:
            raise Http404
        context = {
            "survey": survey,
            "results": found,
            "suggestion": NeedsSuggestion.objects.filter(event=self.event).select_related("thread").first(),
        }
        return self.render("surveys/needs/results.html", context)
