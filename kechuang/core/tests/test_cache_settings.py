import pytest

from config.django.base import _caches


def test_cache_url_selects_backend():
    assert _caches(None)["default"]["BACKEND"].endswith("LocMemCache")
    assert _caches("db")["default"]["BACKEND"].endswith("DatabaseCache")
    redis = _caches("redis://127.0.0.1:6379/3")["default"]
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_redis_cache_round_trip_when_server_available():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set("kechuang-test", {"v": 1}, 5)
    assert cache.get("kechuang-test") == {"v": 1}
    cache.delete("kechuang-test")
