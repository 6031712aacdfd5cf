"""Markdown from members to safe HTML: Markdown renders, nh3 (ammonia) keeps only what is listed here.

Raw HTML inside Markdown is rendered by Markdown and then stripped by nh3, so the
allow-list below is the single place that decides what reaches a page: no script,
no event handlers, no style, no javascript: or data: links, and every link gets
rel="nofollow noopener".
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Sanitized HTML for a member's Markdown text."""
    html = markdown.markdown(
        text or "", extensions=["fenced_code", "sane_lists", "tables"], output_format="html"
    )
    # Headings of posts start at h3: the page has h1 (the thread) and h2 (sections).
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def quote_markdown(author_name, text):
    """The Markdown a reply starts with when it quotes another post."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in (text or "").strip().splitlines())
    return f"> **{author_name}:**\n>\n{quoted}\n\n"
