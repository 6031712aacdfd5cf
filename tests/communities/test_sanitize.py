from html.parser import HTMLParser

import pytest

from communities.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, quote_markdown, render_markdown

from .xss_payloads import XSS_PAYLOADS


class TagCollector(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text is ignored)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed_tags(html):
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def test_render_markdown_with_script_drops_it_and_its_content():
    assert render_markdown("Hi <script>alert(1)</script> there") == "<p>Hi  there</p>"


def test_render_markdown_with_data_link_drops_the_href():
    assert render_markdown("[x](data:text/html,<b>hi</b>)") == '<p><a rel="nofollow noopener">x</a></p>'


def test_render_markdown_with_image_and_handler_drops_both():
    assert render_markdown("<img src=x onerror=alert(1)>") == "<p></p>"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_with_xss_payload_leaves_nothing_executable(payload):
    html = render_markdown(payload)
    for tag, attrs in parsed_tags(html):
        assert tag in ALLOWED_TAGS, html
        assert not [name for name in attrs if name.startswith("on") or name == "style"], html
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, html
        if "href" in attrs:
            scheme = attrs["href"].strip().split(":", 1)[0].lower() if ":" in attrs["href"] else ""
            assert scheme in ("", "http", "https", "mailto"), html
        if tag == "a":
            assert attrs["rel"] == "nofollow noopener", html
    assert "<script" not in html.lower(), html


def test_render_markdown_with_link_adds_nofollow_noopener():
    html = render_markdown("[Canada.ca](https://www.canada.ca)")
    assert html == '<p><a href="https://www.canada.ca" rel="nofollow noopener">Canada.ca</a></p>'


def test_render_markdown_with_javascript_link_drops_the_href():
    assert render_markdown("[x](javascript:alert(1))") == '<p><a rel="nofollow noopener">x</a></p>'


def test_render_markdown_with_formatting_keeps_it():
    html = render_markdown("**bold** *it*\n\n- one\n- two\n\n> quoted\n\n# Title")
    assert html == (
        "<p><strong>bold</strong> <em>it</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n<h3>Title</h3>"
    )


def test_render_markdown_with_code_escapes_html():
    assert render_markdown("`<b>`") == "<p><code>&lt;b&gt;</code></p>"


def test_quote_markdown_with_two_lines_quotes_each():
    assert quote_markdown("Ada", "one\n\ntwo") == "> **Ada:**\n>\n> one\n>\n> two\n\n"
