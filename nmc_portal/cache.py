"""The Redis cache, failing soft: with Redis unreachable, each process keeps a cache of its own.

Pages, sign-in and registrations keep working through a Redis outage. Meanwhile every call goes to a
process-local memory cache instead (logged): rendered fragments are rebuilt per process, and the
sign-in and sign-up rate limits keep counting, per process, so an outage never switches them off.
Once Redis answers again it is used again; what the processes held meanwhile is forgotten.
"""

import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


# The stand-in while Redis is unreachable: one per process, bounded like any local-memory cache.
OUTAGE_CACHE = LocMemCache("nmc-redis-outage", {"OPTIONS": {"MAX_ENTRIES": 10000}})


def _fail_soft(method):
    """Call Redis; if it cannot be reached, the same call on this process's outage cache."""

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache unreachable, %s kept in this process: %s", method.__name__, error)
            return getattr(OUTAGE_CACHE, method.__name__)(*args, **kwargs)

    wrapper.__name__ = method.__name__
    return wrapper


class FailSoftRedisCacheClient(RedisCacheClient):
    add = _fail_soft(RedisCacheClient.add)
    get = _fail_soft(RedisCacheClient.get)
    set = _fail_soft(RedisCacheClient.set)
    touch = _fail_soft(RedisCacheClient.touch)
    delete = _fail_soft(RedisCacheClient.delete)
    get_many = _fail_soft(RedisCacheClient.get_many)
    has_key = _fail_soft(RedisCacheClient.has_key)
    incr = _fail_soft(RedisCacheClient.incr)
    set_many = _fail_soft(RedisCacheClient.set_many)
    delete_many = _fail_soft(RedisCacheClient.delete_many)
    clear = _fail_soft(RedisCacheClient.clear)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
