"""Links and answers to the default feedback survey, for the survey tests."""

import time

from django.core import signing

from surveys import links


def link(world, member=None):
    return links.answer_path(world["survey"], member or world["member"], "en")


def answer_data(survey, rating=4, topics=(0, 2), session_rating=5, text="Les ateliers"):
    questions = {q.kind: q for q in survey.questions.all()}
    texts = [q for q in survey.questions.all() if q.kind == "text"]
    data = {
        f"q{questions['rating'].pk}": rating,
        f"q{texts[0].pk}": text,
        f"q{questions['multiple'].pk}": list(topics),
        f"q{questions['single'].pk}": 0,
    }
    return data, questions, session_rating


class _SignedEarlier(signing.TimestampSigner):
    """Signs as if it were `age` ago: a real token from the past, not a patched clock."""

    def __init__(self, *args, age, **kwargs):
        super().__init__(*args, **kwargs)
        self.age = age

    def timestamp(self):
        return signing.b62_encode(int(time.time() - self.age.total_seconds()))


def old_token(survey, member, age):
    """An invitation token for (survey, member) signed `age` ago, with the links' own salt."""
    return _SignedEarlier(salt=links.LINK_SALT, age=age).sign_object({"s": survey.pk, "m": member.pk})
