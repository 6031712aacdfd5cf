"""Accent folding for full-text search, and highlighted snippets mapped back onto the original text.

Shared plumbing: learning folds a resource's text when it is saved (its stored search columns); events,
sessions and discussions derive their stored vectors from their own columns folded in SQL (Fold, in a
generated column); search folds the words searched and, in SQL, the text of its snippets.

PostgreSQL's English and French configurations stem the words ("engagements" and
"engagement" meet at "engag", "politiques" and "politique" at "polit"). Accents are folded
character for character, in the stored search text and in the query, so "equipe" finds
"équipe" without the unaccent extension (the embedded PostgreSQL may lack it). Folding
keeps every character's position: a snippet highlighted in the folded text maps back onto
the original text, accents included.

One table does the folding, FOLD_FROM -> FOLD_TO: Python applies it with str.translate
(resources' stored text, the words searched) and SQL with translate() (the generated
vectors of events, sessions and discussions; snippets). It covers the Latin letters
(Latin-1 Supplement, Extended-A and -B, Extended Additional): the portal's content is
English and French.
"""

import unicodedata

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func, TextField, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Private-use characters: they cannot occur in folded text, so they only ever mark a hit.
START, STOP = "\ue000", "\ue001"


LATIN_RANGES = ((0x00C0, 0x0250), (0x1E00, 0x1F00))


def _folded_char(char):
    stripped = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return stripped if len(stripped) == 1 else char


def _fold_table():
    pairs = [
        (chr(code), _folded_char(chr(code)))
        for low, high in LATIN_RANGES
        for code in range(low, high)
        if _folded_char(chr(code)) != chr(code)
    ]
    return "".join(a for a, _b in pairs), "".join(b for _a, b in pairs)


FOLD_FROM, FOLD_TO = _fold_table()
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text):
    """The text without accents, one character for one: 'Équipe, élève' -> 'Equipe, eleve'."""
    return (text or "").translate(_FOLD_TABLE)


# PostgreSQL's translate() looks each character up in its first string from the start, so
# the SQL table leads with printable ASCII mapped to itself (the most frequent letters
# first), then French accented letters: most characters are found in a few comparisons
# instead of scanning the whole table. The mapping is the same as FOLD_FROM -> FOLD_TO.
_FREQUENT = " eaisntrulodcmpévqfbghjàxyèêzwçkôâîûùëïüÉÈÀÇ"
_ASCII = "".join(dict.fromkeys(_FREQUENT.replace("é", "") + "".join(map(chr, range(32, 127)))))
_ASCII = "".join(char for char in _ASCII if char.isascii())
_ACCENTED = [char for char in _FREQUENT if not char.isascii()]
_ACCENTED += [char for char in FOLD_FROM if char not in _ACCENTED]
# translate()'s two strings, bound once per statement as named parameters.
FOLD_PARAMS = {
    "fold_from": _ASCII + "".join(_ACCENTED),
    "fold_to": _ASCII + "".join(char.translate(_FOLD_TABLE) for char in _ACCENTED),
}


def sql_fold(expression):
    """SQL for fold() of a text expression: translate() with the same table (FOLD_PARAMS bound)."""
    return f"translate({expression}, %(fold_from)s, %(fold_to)s)"


class Fold(Func):
    """fold() of a text column as an expression: translate() with the same table, written into the SQL.

    translate() is immutable, so PostgreSQL accepts it in a generated column: a model derives its stored
    search vector from its own columns with it (events.Event, events.Session, communities.Thread), and
    the vector cannot drift from the text. Changing the fold table needs a migration that rebuilds those
    columns (the migrations refer to this class, not to a copy of the table).
    """

    function = "translate"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(FOLD_PARAMS["fold_from"]), Value(FOLD_PARAMS["fold_to"]))


class JoinVectors(Func):
    """tsvectors joined with ||: SearchVector's `+` refuses a CASE between two vectors (a discussion's
    message is stemmed in the configuration of its language)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchVectorField()


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
