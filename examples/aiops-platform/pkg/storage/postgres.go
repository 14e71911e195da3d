// Package storage persists alerts and audit records in PostgreSQL.
package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	_ "github.com/lib/pq"

	"github.com/acme/aiops/pkg/processor"
)

// DB wraps a connection pool.
type DB struct{ sql *sql.DB }

// Open connects and configures the pool.
func Open(dsn string) (*DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(5)
	db.SetConnMaxLifetime(30 * time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	return &DB{sql: db}, nil
}

func (d *DB) Ping(ctx context.Context) error { return d.sql.PingContext(ctx) }
func (d *DB) Close() error                   { return d.sql.Close() }

// SaveAlert inserts or updates one processed alert.
func (d *DB) SaveAlert(ctx context.Context, r processor.Result, a processor.Alert) error {
	labels, err := json.Marshal(a.Labels)
	if err != nil {
		return err
	}
	_, err = d.sql.ExecContext(ctx, `
		INSERT INTO alerts (id, fingerprint, environment, severity, route, labels, starts_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO UPDATE SET route = EXCLUDED.route, updated_at = now()`,
		r.ID, r.Fingerprint, r.Environment, r.Severity, r.Route, labels, a.StartsAt)
	return err
}
