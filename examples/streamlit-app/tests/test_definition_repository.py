from src.database.migrate import migrate
from src.repositories.definition_repository import Definition

from .conftest import MIGRATIONS


def test_add_and_get(repo):
    saved = repo.add(Definition(term="API", definition="An interface offered to programs."))
    assert saved.id is not None
    assert repo.get(saved.id).term == "API"


def test_list_by_category(repo):
    repo.add(Definition(term="Tort", definition="A civil wrong.", category="legal"))
    repo.add(Definition(term="Cache", definition="Fast storage.", category="technical"))
    assert [d.term for d in repo.list("legal")] == ["Tort"]
    assert len(repo.list()) == 2


def test_migrations_are_idempotent(conn):
    assert migrate(conn, MIGRATIONS) == []
