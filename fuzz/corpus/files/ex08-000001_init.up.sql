CREATE TABLE alerts (
    id          TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    environment TEXT NOT NULL,
    severity    TEXT NOT NULL,
    route       TEXT NOT NULL,
    labels      JSONB NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX alerts_fingerprint_idx ON alerts (fingerprint);

CREATE TABLE audit_events (
    id         BIGSERIAL PRIMARY KEY,
    alert_id   TEXT REFERENCES alerts (id),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    details    JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
