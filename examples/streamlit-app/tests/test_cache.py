from src.cache.memory_cache import TTLCache, normalise_term


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_ttl_expiry():
    clock = FakeClock()
    c = TTLCache(max_entries=4, ttl_seconds=10, clock=clock)
    c.set("a", 1)
    assert c.get("a") == 1
    clock.now = 11
    assert c.get("a") is None


def test_lru_eviction():
    c = TTLCache(max_entries=2, ttl_seconds=100)
    c.set("a", 1)
    c.set("b", 2)
    c.get("a")
    c.set("c", 3)
    assert c.get("b") is None and c.get("a") == 1


def test_normalise_term():
    assert normalise_term("  Big   Data ") == "big data"
