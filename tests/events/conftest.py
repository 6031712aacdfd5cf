import pytest

from events import pagecache


@pytest.fixture(autouse=True)
def _clear_page_cache():
    """Anonymous agenda pages are kept per process: start each test with none."""
    pagecache.pages.clear()
    yield
