"""Repository for definitions: the only code that writes SQL for them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Optional

from src.database.connection import transaction


@dataclass
class Definition:
    term: str
    definition: str
    category: str = "general"
    status: str = "draft"
    id: Optional[int] = None


class DefinitionRepository:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @staticmethod
    def _row(row: sqlite3.Row) -> Definition:
        return Definition(
            id=row["id"], term=row["term"], definition=row["definition"],
            category=row["category"], status=row["status"],
        )

    def add(self, d: Definition) -> Definition:
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO definitions (term, definition, category, status) VALUES (?, ?, ?, ?)",
                (d.term, d.definition, d.category, d.status),
            )
        d.id = cur.lastrowid
        return d

    def get(self, definition_id: int) -> Optional[Definition]:
        row = self.conn.execute("SELECT * FROM definitions WHERE id = ?", (definition_id,)).fetchone()
        return self._row(row) if row else None

    def find_by_term(self, term: str) -> Optional[Definition]:
        row = self.conn.execute("SELECT * FROM definitions WHERE term = ?", (term,)).fetchone()
        return self._row(row) if row else None

    def list(self, category: Optional[str] = None) -> list[Definition]:
        if category:
            rows = self.conn.execute(
                "SELECT * FROM definitions WHERE category = ? ORDER BY term", (category,)
            )
        else:
            rows = self.conn.execute("SELECT * FROM definitions ORDER BY term")
        return [self._row(r) for r in rows]

    def update_status(self, definition_id: int, status: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE definitions SET status = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                (status, definition_id),
            )

    def save_validation(self, definition_id: int, score: float, issues: list[str]) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO validation_results (definition_id, score, issues) VALUES (?, ?, ?)",
                (definition_id, score, json.dumps(issues)),
            )
