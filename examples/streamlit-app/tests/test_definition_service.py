import pytest

from src.security.input_validation import InvalidInput
from src.services.definition_service import DuplicateTerm


def test_create_sets_review_status_when_valid(service):
    saved, result = service.create("Ledger", "A record of financial transactions kept in order.")
    assert saved.status == "review"
    assert result.passed


def test_duplicate_term_rejected(service):
    service.create("Ledger", "A record of financial transactions kept in order.")
    with pytest.raises(DuplicateTerm):
        service.create("Ledger", "Another record of transactions kept in order.")


def test_empty_term_rejected(service):
    with pytest.raises(InvalidInput):
        service.create("   ", "A record of financial transactions kept in order.")


def test_list_is_cached_and_invalidated(service):
    assert service.list() == []
    service.create("Ledger", "A record of financial transactions kept in order.")
    assert [d.term for d in service.list()] == ["Ledger"]
