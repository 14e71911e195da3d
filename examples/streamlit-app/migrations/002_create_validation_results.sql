CREATE TABLE IF NOT EXISTS validation_results (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    definition_id  INTEGER NOT NULL REFERENCES definitions (id) ON DELETE CASCADE,
    score          REAL NOT NULL,
    issues         TEXT NOT NULL DEFAULT '[]',
    created_at     TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
