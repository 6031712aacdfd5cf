"""What an event's surveys add to the check before publishing (events.services.agenda.missing_translations):
each survey title and question with one official language and not the other."""

from django.utils.translation import gettext as _

from .models import Question, Survey


def missing_translations(event, missing):
    items = []
    for survey in Survey.objects.filter(event=event).order_by("pk"):
        items.append(
            missing(
                _("survey “%(title)s”") % {"title": survey.title_en or survey.title_fr},
                survey.title_en,
                survey.title_fr,
            )
        )
    for question in Question.objects.filter(survey__event=event).order_by("survey_id", "position", "pk"):
        label = _("survey question “%(text)s”") % {"text": question.text_en or question.text_fr}
        items.append(missing(label, question.text_en, question.text_fr))
    return items
