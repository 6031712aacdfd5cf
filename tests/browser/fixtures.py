"""Playwright driving Debian's Chromium against pytest-django's live_server, with axe-core.

Browser tests skip on a laptop without Chromium; in CI (CI=true) a missing browser fails.
"""

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_ALL = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
AXE_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
FORCED_STATES = ["hover", "focus-visible"]
INTERACTIVE = "a[href], button, summary, .button"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable or not AXE_JS.exists():
        missing = "Chromium" if not executable else "axe-core (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is missing: browser tests must run in CI")
        pytest.skip(f"{missing} is not installed")  # a laptop without a browser
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visitor:
    """A person in a browser tab: every page they reach is checked with axe and for CSP errors."""

    def __init__(self, page, base_url, name):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.errors = []
        self.shots = 0
        page.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.errors.append(text)

    def sign_in(self, user, password=None):
        """Through the sign-in form, as a person does; lands on the member's own page."""
        from tests.factories import PASSWORD

        self.goto("/en/accounts/login/")
        self.page.get_by_label(re.compile(r"^Email\b")).fill(user.email)
        self.page.get_by_label(re.compile(r"^Password\b")).fill(password or PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/members/**")

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def check(self, label=None):
        """axe-core on the current page (WCAG 2.1 A/AA and best practices), then a screenshot.

        The pointer is parked outside the page first, so what axe sees never depends on where the
        last click left the mouse; then every link and button is forced into :hover, then
        :focus-visible (Chrome DevTools Protocol), and colour contrast is checked again in each state.
        """
        self.page.wait_for_load_state("load")
        self.page.mouse.move(0, 0)
        self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        violations = self._axe(AXE_ALL)
        for state in FORCED_STATES:
            with self._forced(state):
                violations += [f"[:{state}] {v}" for v in self._axe(AXE_CONTRAST)]
        self.screenshot(label)
        assert violations == [], f"axe violations on {self.page.url}:\n" + "\n".join(violations)
        assert self.errors == [], f"Content-Security-Policy errors on {self.page.url}: {self.errors}"

    def _axe(self, options):
        result = self.page.evaluate("async (options) => await axe.run(document, options)", options)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:3])
            for v in result["violations"]
        ]

    @contextmanager
    def _forced(self, state):
        """Every link, button and summary on the page in `state` (hover, focus-visible) at once."""
        cdp = self.page.context.new_cdp_session(self.page)
        try:
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
            nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": INTERACTIVE})["nodeIds"]
            for node in nodes:
                cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": [state]})
            yield
        finally:
            cdp.detach()  # forced states end with the session

    def screenshot(self, label=None):
        self.shots += 1
        ARTIFACTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", (label or urlsplit(self.page.url).path).lower()).strip("-")
        self.page.screenshot(
            path=str(ARTIFACTS / f"{self.name}-{self.shots:02d}-{slug[:60]}.png"), full_page=True
        )


@pytest.fixture
def visitor_factory(browser, live_server, request):
    contexts = []

    def make(name=None, locale="en-CA"):
        # Reduced motion: the design system animates link colours (0.35 s); axe must never see a colour
        # half-way through a transition, which would make a result depend on the machine's speed.
        context = browser.new_context(
            locale=locale, viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return Visitor(page, live_server.url, name or request.node.name)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def visitor(visitor_factory):
    return visitor_factory()
