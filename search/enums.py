"""Choices of the search, importable everywhere (no model, no query)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultType(models.TextChoices):
    """What a search result is: the search box covers the library, events, their sessions,
    discussions and articles."""

    RESOURCE = "resource", _("Library resource")
    EVENT = "event", _("Event")
    SESSION = "session", _("Session")
    DISCUSSION = "discussion", _("Discussion")
    ARTICLE = "article", _("Article")
