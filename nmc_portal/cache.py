"""The Redis cache, failing soft: with Redis unreachable, reads miss and writes are dropped.

Pages, sign-in and registrations keep working through a Redis outage; what the cache holds
(rendered fragments, rate-limit counters) is rebuilt once Redis is back. Rate limits are off
meanwhile: a deliberate fail-open, logged.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _fail_soft(method, fallback):
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache unreachable, %s skipped: %s", method.__name__, error)
            return fallback(*args) if callable(fallback) else fallback

    wrapper.__name__ = method.__name__
    return wrapper


class FailSoftRedisCacheClient(RedisCacheClient):
    add = _fail_soft(RedisCacheClient.add, True)  # as if stored: locks built on add() open
    get = _fail_soft(RedisCacheClient.get, lambda key, default: default)
    set = _fail_soft(RedisCacheClient.set, None)
    touch = _fail_soft(RedisCacheClient.touch, False)
    delete = _fail_soft(RedisCacheClient.delete, False)
    get_many = _fail_soft(RedisCacheClient.get_many, lambda keys: {})
    has_key = _fail_soft(RedisCacheClient.has_key, False)
    set_many = _fail_soft(RedisCacheClient.set_many, lambda data, timeout: [])
    delete_many = _fail_soft(RedisCacheClient.delete_many, None)
    clear = _fail_soft(RedisCacheClient.clear, False)
    incr = _fail_soft(RedisCacheClient.incr, lambda key, delta: delta)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
