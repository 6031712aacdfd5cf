"""French typography: the portal's one convention, a check that names each fault, and its fix.

The convention (Canadian French as the Translation Bureau's Guide du rédacteur sets it in careful
typography, and as the Office québécois de la langue française recommends):

- a no-break space (U+00A0) before the colon and inside guillemets: « Date : 3 mai », « Discussion
  « Budget » »;
- a narrow no-break space (U+202F) before the semicolon, the exclamation mark and the question mark:
  « Quitter la communauté ? »;
- the straight apostrophe ('), as Canada.ca's French pages write it: « l'équipe », never « l’équipe »;
- guillemets for quotations, never English quotation marks (“ ”).

A sign counts as punctuation when what follows it is a space, the end of the text or a closing
sign: « https://canada.ca », « <slug:slug> », « 13:15 » and « ?next= » are left alone. A sign at
the very start of a text is left alone too: what precedes it is in another string.

`typography_faults(text)` lists what to fix, each fault with its context and the remedy;
`fix_typography(text)` applies the convention. The catalogue test, the test-settings page guard
(tests/guard_typography.py), the emails' check (tests/conftest.py) and `manage.py french_typography`
(which rewrites the catalogues) all use these two functions.
"""

import re
from dataclasses import dataclass

NBSP = "\u00a0"  # no-break space: before ":" and inside « »
NNBSP = "\u202f"  # narrow no-break space: before ";", "!" and "?"
SPACE_BEFORE = {":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP}
SPACE_NAMES = {NBSP: "a no-break space (U+00A0)", NNBSP: "a narrow no-break space (U+202F)"}
APOSTROPHE = "'"

# What may follow a punctuation sign: a space of any kind, the end, or a closing sign.
_AFTER_PUNCTUATION = r"(?=[\s»)\].,…\"'<:;!?]|$)"
_SIGN = re.compile(r"[:;!?]" + _AFTER_PUNCTUATION)
_OPENING = re.compile("«")
_CLOSING = re.compile("»")


@dataclass(frozen=True)
class Fault:
    context: str
    remedy: str

    def __str__(self):
        return f"{self.context!r}: {self.remedy}"


def _context(text, start, end):
    return text[max(0, start - 30) : end + 10]


def _spaces_before(text, position):
    """Where the run of spaces that ends at `position` starts."""
    while position and text[position - 1].isspace():
        position -= 1
    return position


def _space_faults(text):
    """(start, end, wanted, remedy) of each space that is missing or of the wrong kind."""
    found = []
    for match in _SIGN.finditer(text):
        position, sign = match.start(), match.group()
        wanted = SPACE_BEFORE[sign]
        if position == 0 or text[position - 1] == wanted or text[position - 1] in SPACE_BEFORE:
            continue
        start = _spaces_before(text, position)
        if start == 0:
            continue  # only spaces before it: the text before is in another string
        what = "a space of the wrong kind" if start < position else "no space"
        found.append((start, position, wanted, f"{what} before {sign!r}: write {SPACE_NAMES[wanted]}"))
    for match in _OPENING.finditer(text):
        position = match.end()
        if position == len(text) or text[position] == NBSP:
            continue
        end = position
        while end < len(text) and text[end].isspace():
            end += 1
        if end == len(text):
            continue
        what = "a space of the wrong kind" if end > position else "no space"
        found.append((position, end, NBSP, f"{what} after '«': write {SPACE_NAMES[NBSP]}"))
    for match in _CLOSING.finditer(text):
        position = match.start()
        if position == 0 or text[position - 1] == NBSP:
            continue
        start = _spaces_before(text, position)
        if start == 0:
            continue
        what = "a space of the wrong kind" if start < position else "no space"
        found.append((start, position, NBSP, f"{what} before '»': write {SPACE_NAMES[NBSP]}"))
    return sorted(found)


def typography_faults(text):
    """The faults of French `text` against the convention above, in order; [] when it follows it."""
    faults = [
        Fault(_context(text, start, end), remedy) for start, end, _wanted, remedy in _space_faults(text)
    ]
    faults += [
        Fault(_context(text, m.start(), m.end()), "typographic apostrophe: write the straight apostrophe (')")
        for m in re.finditer("[’‘]", text)
    ]
    faults += [
        Fault(_context(text, m.start(), m.end()), "English quotation mark: write « » with no-break spaces")
        for m in re.finditer("[“”]", text)
    ]
    return faults


def fix_typography(text):
    """`text` following the convention: spaces before signs and inside « », apostrophes, quotes."""
    text = re.sub("[’‘]", APOSTROPHE, text)
    text = re.sub(r"“\s*", "«" + NBSP, text)
    text = re.sub(r"\s*”", NBSP + "»", text)
    for start, end, wanted, _remedy in reversed(_space_faults(text)):
        text = text[:start] + wanted + text[end:]
    return text
