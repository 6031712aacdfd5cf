"""Full-text search over the library: accent folding, the query, ranking and highlighted snippets.

PostgreSQL's English and French configurations stem the words ("engagements" and
"engagement" meet at "engag", "politiques" and "politique" at "polit"). Accents are folded
in Python, character for character, in the stored search text and in the query, so "equipe"
finds "équipe" without the unaccent extension (the embedded PostgreSQL may lack it).
Folding keeps every character's position: a snippet highlighted in the folded text maps
back onto the original text, accents included.
"""

import unicodedata
from functools import lru_cache

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, Q, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import ResourceLanguage

# Private-use characters: they cannot occur in folded text, so they only ever mark a hit.
START, STOP = "\ue000", "\ue001"
SNIPPET_OPTIONS = {"start_sel": START, "stop_sel": STOP, "max_words": 30, "min_words": 12}


@lru_cache(maxsize=4096)
def _fold_char(char):
    if char.isascii():
        return char
    stripped = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return stripped if len(stripped) == 1 else char


def fold(text):
    """The text without accents, one character for one: 'Équipe, élève' -> 'Equipe, eleve'."""
    return "".join(_fold_char(char) for char in text or "")


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


def build_query(text):
    """The words in both configurations: a match in either language counts (websearch syntax)."""
    folded = fold(text.strip())
    return SearchQuery(folded, config="english", search_type="websearch") | SearchQuery(
        folded, config="french", search_type="websearch"
    )


def ranked(queryset, text):
    """Order resources already filtered on `text` by relevance: title and tags weigh more than the body."""
    return queryset.annotate(rank=SearchRank(F("search_vector"), build_query(text))).order_by(
        "-rank", "-created_at", "-id"
    )


def with_snippets(queryset, text, language):
    """Annotate `snippet`: ts_headline on the text in the reader's language, or the other one if empty.

    Run it on one page of results only: ts_headline re-parses each document.
    """
    query = build_query(text)
    other = "fr" if language == "en" else "en"
    config = {"en": "english", "fr": "french"}
    own, fallback = (
        SearchHeadline(f"search_text_{code}", query, config=config[code], **SNIPPET_OPTIONS)
        for code in (language, other)
    )
    return queryset.annotate(
        snippet=Case(When(~Q(**{f"search_text_{language}": ""}), then=own), default=fallback)
    )


def highlight(headline, original):
    """Safe HTML: the headline's words as written in `original` (accents back), hits in <mark>.

    `headline` comes from ts_headline over fold(original). Where it cannot be found again
    (PostgreSQL reshaped the text), the folded headline is shown instead: still correct, unaccented.
    """
    plain = headline.replace(START, "").replace(STOP, "")
    folded = fold(original)
    at = folded.find(plain) if plain else -1
    source = original[at : at + len(plain)] if at >= 0 else plain
    parts, position, inside = [], 0, False
    for char in headline:
        if char in (START, STOP):
            parts.append("<mark>" if char == START else "</mark>")
            inside = char == START
            continue
        parts.append(escape(source[position]))
        position += 1
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (every character above was escaped)
