"""Copy the GC Design System and front-end files from node_modules into static/vendor.

The packages point fonts at placeholder paths, a CDN and Google Fonts; rewritten here so
that no request ever leaves the portal's own origin.
"""

import re
import shutil
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NODE = BASE_DIR / "node_modules"
OUT = BASE_DIR / "static" / "vendor"


def copy(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def rewrite(source, target, replacements):
    text = source.read_text(encoding="utf-8")
    for pattern, replacement in replacements:
        text = re.sub(pattern, replacement, text)
    if "http://" in text or "https://" in text:
        leftover = re.findall(r"https?://[^\s\"')]+", text)
        raise SystemExit(f"{source} still points elsewhere: {leftover[:3]}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    fonts = NODE / "@gcds-core" / "fonts" / "fonts"
    for family in ("noto-sans", "lato", "icons"):
        for font in (fonts / family).iterdir():
            if font.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"}:
                copy(font, OUT / "gcds" / "fonts" / family / font.name)
        for css in (fonts / family).glob("*.css"):
            rewrite(css, OUT / "gcds" / "fonts" / family / css.name, [(r"path/to/file/|<path-to-file>/", "")])
    tokens = NODE / "@gcds-core" / "tokens" / "build" / "web" / "css" / "tokens.css"
    copy(tokens, OUT / "gcds" / "tokens.css")
    shortcuts = NODE / "@gcds-core" / "css-shortcuts" / "dist" / "gcds-css-shortcuts.min.css"
    rewrite(
        shortcuts,
        OUT / "gcds" / "css-shortcuts.css",
        [
            (r"@import\s+url\([^)]*googleapis[^)]*\)\s*;?", ""),
            (r"@import\s+[\"'][^\"']*googleapis[^\"']*[\"']\s*;?", ""),
            (r"https://cdn\.design-system\.canada\.ca/@gcds-core/fonts@[^/]+/icons/", "fonts/icons/"),
        ],
    )
    copy(NODE / "htmx.org" / "dist" / "htmx.min.js", OUT / "htmx" / "htmx.min.js")
    axe = NODE / "axe-core" / "axe.min.js"
    if axe.exists():  # a development dependency, for the browser tests' accessibility checks
        copy(axe, OUT / "axe" / "axe.min.js")
    print(f"Vendored front-end files into {OUT.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
