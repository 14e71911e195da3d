from src.security.rate_limiter import RateLimiter


def test_bucket_empties_and_refills():
    now = [0.0]
    rl = RateLimiter(per_minute=2, clock=lambda: now[0])
    assert rl.allow("s") and rl.allow("s")
    assert not rl.allow("s")
    now[0] = 30.0
    assert rl.allow("s")
