from pathlib import Path

import pytest

from src.cache.memory_cache import TTLCache
from src.database.connection import connect
from src.database.migrate import migrate
from src.repositories.definition_repository import DefinitionRepository
from src.services.definition_service import DefinitionService
from src.services.validation_service import ValidationService

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@pytest.fixture
def conn():
    c = connect(":memory:")
    migrate(c, MIGRATIONS)
    yield c
    c.close()


@pytest.fixture
def repo(conn):
    return DefinitionRepository(conn)


@pytest.fixture
def service(repo):
    return DefinitionService(repo, ValidationService(), TTLCache(16, 60))
