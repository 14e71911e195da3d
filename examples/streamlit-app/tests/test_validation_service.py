from src.services.validation_service import ValidationService


def test_good_definition_passes():
    r = ValidationService().validate("Ledger", "A record of financial transactions kept in order.")
    assert r.passed and r.issues == []


def test_circular_definition_fails():
    r = ValidationService().validate("Ledger", "A ledger is the ledger that records things.")
    assert not r.passed
    assert any("circular" in i for i in r.issues)


def test_short_definition_is_an_error():
    r = ValidationService().validate("X", "Too short.")
    assert r.score < 0.7
