"""A readable comparison of two revisions: lines matched with difflib, words within changed lines.

Unchanged stretches are shortened to a line of context on each side; the template marks
additions and removals with <ins> and <del> and text labels, not colour alone.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Revision

TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT = 1


@dataclass
class Row:
    kind: str  # "same", "changed" or "skipped"
    segments: list = field(default_factory=list)  # (operation, text): "equal", "insert", "delete"
    skipped: int = 0


@dataclass
class FieldDiff:
    label: str
    rows: list

    @property
    def changed(self):
        return any(row.kind == "changed" for row in self.rows)


def word_segments(old, new):
    """(operation, text) pieces turning `old` into `new`, word by word."""
    old_tokens, new_tokens = TOKENS.findall(old), TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            segments.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new_tokens[j1:j2])))
    return segments


def line_rows(old, new):
    old_lines = [line for line in (old or "").splitlines() if line.strip()]
    new_lines = [line for line in (new or "").splitlines() if line.strip()]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows = []
    opcodes = matcher.get_opcodes()
    for index, (operation, i1, i2, j1, j2) in enumerate(opcodes):
        if operation == "equal":
            lines = old_lines[i1:i2]
            head = lines[:CONTEXT] if index > 0 else []
            tail = lines[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(head) + len(tail) >= len(lines):
                rows.extend(Row("same", [("equal", line)]) for line in lines)
                continue
            rows.extend(Row("same", [("equal", line)]) for line in head)
            rows.append(Row("skipped", skipped=len(lines) - len(head) - len(tail)))
            rows.extend(Row("same", [("equal", line)]) for line in tail)
        elif operation == "replace" and (i2 - i1) == (j2 - j1):
            rows.extend(
                Row("changed", word_segments(a, b))
                for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
            )
        else:
            rows.extend(Row("changed", [("delete", line)]) for line in old_lines[i1:i2])
            rows.extend(Row("changed", [("insert", line)]) for line in new_lines[j1:j2])
    return rows


def compare(old: Revision, new: Revision):
    """The differences between two revisions, field by field (fields that did not change are left out)."""
    fields = [
        (_("Title (English)"), "title_en"),
        (_("Title (French)"), "title_fr"),
        (_("Summary (English)"), "summary_en"),
        (_("Summary (French)"), "summary_fr"),
        (_("Text"), "body"),
    ]
    diffs = []
    for label, name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            diffs.append(FieldDiff(label, line_rows(before, after)))
    return diffs
