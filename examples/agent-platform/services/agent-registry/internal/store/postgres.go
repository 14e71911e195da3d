// Package store keeps agents in PostgreSQL (CloudNativePG cluster).
package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gsv/platform/services/agent-registry/internal/auth"
)

// Agent is a registered agent.
type Agent struct {
	ID          string    `json:"id"`
	TenantID    string    `json:"tenantId"`
	Name        string    `json:"name"`
	Image       string    `json:"image"`
	Status      string    `json:"status"`
	Published   bool      `json:"published"`
	CreatedAt   time.Time `json:"createdAt"`
}

var ErrNotFound = errors.New("not found")

// Store wraps a pgx pool.
type Store struct{ pool *pgxpool.Pool }

// Open parses the DSN and sizes the pool.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 20
	cfg.MinConns = 2
	cfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Store{pool: pool}, nil
}

func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }
func (s *Store) Close()                         { s.pool.Close() }

func (s *Store) ListAgents(ctx context.Context, tenant string) ([]Agent, error) {
	rows, err := s.pool.Query(ctx,
		`SELECT id, tenant_id, name, image, status, published, created_at FROM agents WHERE tenant_id = $1 ORDER BY name`, tenant)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Agent])
}

func (s *Store) CreateAgent(ctx context.Context, a Agent) (Agent, error) {
	err := s.pool.QueryRow(ctx,
		`INSERT INTO agents (tenant_id, name, image, status) VALUES ($1, $2, $3, 'draft') RETURNING id, status, created_at`,
		a.TenantID, a.Name, a.Image).Scan(&a.ID, &a.Status, &a.CreatedAt)
	return a, err
}

func (s *Store) Publish(ctx context.Context, tenant, id string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE agents SET published = true WHERE id = $1 AND tenant_id = $2`, id, tenant)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// PrincipalForKey resolves an API key hash.
func (s *Store) PrincipalForKey(ctx context.Context, hash string) (auth.Principal, error) {
	var p auth.Principal
	err := s.pool.QueryRow(ctx,
		`SELECT customer_id, tenant_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, hash).Scan(&p.Subject, &p.TenantID)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	p.Roles = []string{"customer"}
	return p, err
}
