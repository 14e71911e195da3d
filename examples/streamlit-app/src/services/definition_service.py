"""Use cases for definitions, on top of the repository and the cache."""

from __future__ import annotations

from typing import Optional

from src.cache.memory_cache import TTLCache, normalise_term
from src.monitoring.tracker import tracker
from src.repositories.definition_repository import Definition, DefinitionRepository
from src.security.input_validation import clean_definition, clean_term
from src.services.validation_service import ValidationResult, ValidationService


class DuplicateTerm(ValueError):
    pass


class DefinitionService:
    def __init__(self, repo: DefinitionRepository, validator: ValidationService, cache: TTLCache):
        self.repo = repo
        self.validator = validator
        self.cache = cache

    def create(self, term: str, definition: str, category: str = "general") -> tuple[Definition, ValidationResult]:
        with tracker.track("definition.create"):
            term = clean_term(term)
            definition = clean_definition(definition)
            if self.repo.find_by_term(term):
                raise DuplicateTerm(term)
            result = self.validator.validate(term, definition)
            status = "review" if result.passed else "draft"
            saved = self.repo.add(Definition(term=term, definition=definition, category=category, status=status))
            self.repo.save_validation(saved.id, result.score, result.issues)
            self.cache.invalidate()
            return saved, result

    def get_by_term(self, term: str) -> Optional[Definition]:
        key = ("term", normalise_term(term))
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        with tracker.track("definition.get"):
            found = self.repo.find_by_term(clean_term(term))
        if found:
            self.cache.set(key, found)
        return found

    def list(self, category: Optional[str] = None) -> list[Definition]:
        key = ("list", category)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        with tracker.track("definition.list"):
            items = self.repo.list(category)
        self.cache.set(key, items)
        return items

    def approve(self, definition_id: int) -> None:
        with tracker.track("definition.approve"):
            self.repo.update_status(definition_id, "approved")
        self.cache.invalidate()
