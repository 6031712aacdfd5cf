"""Apply the French typography convention (nmc_portal/typography.py) to every French catalogue.

Run it after adding French strings or merging a branch that did (`make messages` runs it):

    python manage.py french_typography          # rewrite the msgstr that need it, then compile
    python manage.py french_typography --check  # list what is wrong, change nothing (exit 1 if any)

Only the msgstr blocks that change are rewritten: the rest of each file, its wrapping included,
stays byte for byte as it was, so the diff shows the typography and nothing else.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from nmc_portal.typography import fix_typography, typography_faults

IGNORED = {".venv", "node_modules", "var", "static", "staticfiles", "tests"}
# A msgstr (or msgstr[n]) and its continuation lines; "#~" (obsolete) lines do not start with msgstr.
MSGSTR = re.compile(r'^(msgstr(?:\[\d+\])?) ((?:".*"\n?)+)', re.MULTILINE)
PO_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def french_catalogues(root=None):
    root = Path(root or settings.BASE_DIR)
    return sorted(
        path
        for path in root.glob("**/locale/fr/LC_MESSAGES/django.po")
        if not IGNORED & set(path.relative_to(root).parts)
    )


def _unquote(block):
    text = "".join(line.strip()[1:-1] for line in block.splitlines() if line.strip())
    return re.sub(r"\\(.)", lambda m: PO_ESCAPES.get(m.group(1), m.group(1)), text)


def _quote(keyword, text):
    def escaped(part):
        return part.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")

    if "\n" not in text[:-1] and len(keyword) + len(escaped(text)) < 77:
        return f'{keyword} "{escaped(text)}"\n'
    wrapped = []
    for line in text.splitlines(keepends=True):
        current = ""
        for word in re.split("(?<= )", line):  # after ordinary spaces only: never at a no-break space
            if current and len(escaped(current + word)) > 77:
                wrapped.append(current)
                current = ""
            current += word
        wrapped.append(current)
    return f'{keyword} ""\n' + "".join(f'"{escaped(line)}"\n' for line in wrapped if line)


def fix_catalogue(path):
    """Rewrite `path` with the convention applied; returns [(before, after)] for each msgstr changed."""
    source = Path(path).read_text(encoding="utf-8")
    changes = []

    def replace(match):
        keyword, block = match.groups()
        text = _unquote(block)
        if match.start() == source.find("msgstr"):  # the header: "Content-Type: text/plain", not French
            return match.group(0)
        fixed = fix_typography(text)
        if fixed == text:
            return match.group(0)
        changes.append((text, fixed))
        quoted = _quote(keyword, fixed)
        return quoted if block.endswith("\n") else quoted.rstrip("\n")

    result = MSGSTR.sub(replace, source)
    if changes:
        Path(path).write_text(result, encoding="utf-8")
    return changes


def catalogue_faults(path):
    """[(msgstr, fault)] for each msgstr of the French catalogue at `path` that breaks the convention."""
    source = Path(path).read_text(encoding="utf-8")
    header = source.find("msgstr")
    return [
        (_unquote(match.group(2)), fault)
        for match in MSGSTR.finditer(source)
        if match.start() != header
        for fault in typography_faults(_unquote(match.group(2)))
    ]


class Command(BaseCommand):
    help = (
        "Apply the French typography convention (no-break spaces, apostrophes, « ») to the French catalogues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="List the faults and change nothing.")

    def handle(self, *args, check=False, **options):
        base = Path(settings.BASE_DIR)
        if check:
            faults = [
                (path, text, fault) for path in french_catalogues() for text, fault in catalogue_faults(path)
            ]
            for path, text, fault in faults:
                self.stdout.write(f"{path.relative_to(base)}: {text!r}\n    {fault}")
            if faults:
                raise CommandError(f"{len(faults)} typography faults: run `manage.py french_typography`")
            return
        changed = 0
        for path in french_catalogues():
            for before, after in fix_catalogue(path):
                changed += 1
                self.stdout.write(f"{path.relative_to(base)}: {before!r}\n    -> {after!r}")
        if changed:
            call_command("compilemessages", ignore_patterns=sorted(IGNORED), verbosity=0)
        self.stdout.write(f"{changed} French strings fixed.")
