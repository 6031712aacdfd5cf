"""Tags typed by people (profile interests, resource tags): parsed by django-taggit, then bounded.

taggit stores a tag in a 100-character column: a longer one would reach PostgreSQL and fail there.
Every form that takes tags checks them here first and says what is wrong next to the field.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from taggit.forms import TagField
from taggit.models import Tag
from taggit.utils import parse_tags

MAX_TAG_LENGTH = Tag._meta.get_field("name").max_length
MAX_TAGS = 20


def validate_tags(tags):
    """`tags`, a list of names, or ValidationError: a tag too long, or too many tags."""
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(
                _("A tag can be at most %(limit)d characters long; “%(start)s…” has %(length)d."),
                params={"limit": MAX_TAG_LENGTH, "start": tag[:30], "length": len(tag)},
                code="tag_too_long",
            )
    if len(tags) > MAX_TAGS:
        raise ValidationError(
            ngettext_lazy("Use at most %(limit)d tag.", "Use at most %(limit)d tags.", "limit"),
            params={"limit": MAX_TAGS},
            code="too_many_tags",
        )
    return tags


def clean_tags(text):
    return validate_tags(parse_tags(text or ""))


class BoundedTagField(TagField):
    """taggit's form field, with the bounds above."""

    def clean(self, value):
        return validate_tags(super().clean(value))
