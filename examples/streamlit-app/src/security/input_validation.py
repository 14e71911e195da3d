"""Input checks applied before anything reaches the services."""

from __future__ import annotations

import re

MAX_TERM = 120
MAX_DEFINITION = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class InvalidInput(ValueError):
    pass


def clean_text(value: str, field: str, max_len: int) -> str:
    if value is None:
        raise InvalidInput(f"{field} is required")
    value = _CONTROL.sub("", value).strip()
    if not value:
        raise InvalidInput(f"{field} is required")
    if len(value) > max_len:
        raise InvalidInput(f"{field} is longer than {max_len} characters")
    return value


def clean_term(term: str) -> str:
    return clean_text(term, "term", MAX_TERM)


def clean_definition(text: str) -> str:
    return clean_text(text, "definition", MAX_DEFINITION)
