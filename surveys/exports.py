"""The surveys section of 'download my data' (members.queries discovers this module): the member's
answers to surveys that are not anonymous. An anonymous survey's answers carry no identity, so nothing
links them to the member: they cannot be exported, and that is the point."""

from .models import Response


def member_data(member):
    responses = (
        Response.objects.filter(member=member)
        .select_related("survey__event")
        .prefetch_related("answers__question")
        .order_by("created_at", "id")
    )
    return {
        "survey_answers": [
            {
                "event": response.survey.event.slug,
                "survey": response.survey.title_en,
                "language": response.language,
                "answered_at": response.updated_at.isoformat(),
                "answers": [
                    {
                        "question": answer.question.text_en,
                        "rating": answer.rating,
                        "choices": answer.choices,
                        "text": answer.text,
                    }
                    for answer in response.answers.all()
                ],
            }
            for response in responses
        ]
    }
