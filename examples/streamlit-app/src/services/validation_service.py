"""Scores a definition against simple writing rules."""

from __future__ import annotations

from dataclasses import dataclass

from src.cache.memory_cache import normalise_term


@dataclass
class ValidationResult:
    score: float
    issues: list[str]

    @property
    def passed(self) -> bool:
        return self.score >= 0.7 and not any(i.startswith("error:") for i in self.issues)


class ValidationService:
    MIN_WORDS = 5
    MAX_WORDS = 80

    def validate(self, term: str, definition: str) -> ValidationResult:
        issues: list[str] = []
        words = definition.split()
        norm_term = normalise_term(term)
        if len(words) < self.MIN_WORDS:
            issues.append(f"error: definition has fewer than {self.MIN_WORDS} words")
        if len(words) > self.MAX_WORDS:
            issues.append(f"warning: definition has more than {self.MAX_WORDS} words")
        if norm_term and norm_term in normalise_term(definition):
            issues.append("error: definition repeats the term (circular)")
        if not definition.rstrip().endswith("."):
            issues.append("warning: definition does not end with a full stop")
        if definition[:1].islower():
            issues.append("warning: definition starts with a lower-case letter")
        penalty = sum(0.4 if i.startswith("error:") else 0.1 for i in issues)
        return ValidationResult(score=max(0.0, round(1.0 - penalty, 2)), issues=issues)
