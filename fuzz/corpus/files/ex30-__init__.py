from .definition_repository import Definition, DefinitionRepository

__all__ = ["Definition", "DefinitionRepository"]
