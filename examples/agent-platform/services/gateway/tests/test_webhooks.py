from app.webhooks import sign, verify

SECRET = "test-secret"


def test_valid_signature():
    sig = sign(SECRET, "1000", b"{}")
    assert verify(SECRET, "1000", b"{}", sig, now=1000)


def test_tampered_body_rejected():
    sig = sign(SECRET, "1000", b"{}")
    assert not verify(SECRET, "1000", b'{"x":1}', sig, now=1000)


def test_old_timestamp_rejected():
    sig = sign(SECRET, "1000", b"{}")
    assert not verify(SECRET, "1000", b"{}", sig, now=2000)


def test_garbage_timestamp_rejected():
    assert not verify(SECRET, "soon", b"{}", "sha256=00", now=0)
