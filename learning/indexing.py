"""What a resource's search columns hold: its text folded (nmc_portal.search_text.fold) into three columns.

The service that saves a resource stores them (services.refresh_search_text); PostgreSQL derives the
search vector from them. The search shows snippets of the unfolded text (original_texts).
"""

from nmc_portal.search_text import fold

from .models import ResourceLanguage


def original_texts(*, title_en, title_fr, summary_en, summary_fr, body, language, tag_names):
    """The unfolded text of a resource's three search columns (titles and tags, English, French)."""
    titles = "\n".join(part for part in (title_en, title_fr, " ".join(tag_names)) if part)
    body_en = body if language in (ResourceLanguage.ENGLISH, ResourceLanguage.BILINGUAL) else ""
    body_fr = body if language in (ResourceLanguage.FRENCH, ResourceLanguage.BILINGUAL) else ""
    english = "\n".join(part for part in (summary_en, body_en) if part)
    french = "\n".join(part for part in (summary_fr, body_fr) if part)
    return titles, english, french


def search_fields(**content):
    """The values of search_titles, search_text_en and search_text_fr for a resource's content."""
    titles, english, french = original_texts(**content)
    return {"search_titles": fold(titles), "search_text_en": fold(english), "search_text_fr": fold(french)}
