from app.webhooks import sign, verify

SIGNING_KEY = "unit-test-key"


def test_valid_signature():
    sig = sign(SIGNING_KEY, "1000", b"{}")
    assert verify(SIGNING_KEY, "1000", b"{}", sig, now=1000)


def test_tampered_body_rejected():
    sig = sign(SIGNING_KEY, "1000", b"{}")
    assert not verify(SIGNING_KEY, "1000", b'{"x":1}', sig, now=1000)


def test_old_timestamp_rejected():
    sig = sign(SIGNING_KEY, "1000", b"{}")
    assert not verify(SIGNING_KEY, "1000", b"{}", sig, now=2000)


def test_garbage_timestamp_rejected():
    assert not verify(SIGNING_KEY, "soon", b"{}", "sha256=00", now=0)
