// Package monitoring provides hooks that the backup tool and the GitOps
// generator were meant to call around each operation.
package monitoring

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Config controls the monitoring system.
type Config struct {
	ServiceName     string        `yaml:"service_name"`
	Environment     string        `yaml:"environment"`
	MetricsEnabled  bool          `yaml:"metrics_enabled"`
	MetricsAddress  string        `yaml:"metrics_address"`
	HealthInterval  time.Duration `yaml:"health_interval"`
	HTTPClients     []string      `yaml:"http_clients"`
	TriggerWebhooks []string      `yaml:"trigger_webhooks"`
}

// DefaultConfig returns settings suitable for local runs.
func DefaultConfig(service string) Config {
	return Config{
		ServiceName:    service,
		Environment:    "development",
		MetricsEnabled: true,
		MetricsAddress: ":9090",
		HealthInterval: 30 * time.Second,
	}
}

// Validate reports the first problem with the configuration.
func (c Config) Validate() error {
	if c.ServiceName == "" {
		return errors.New("monitoring: service_name is required")
	}
	if c.MetricsEnabled && c.MetricsAddress == "" {
		return errors.New("monitoring: metrics_address is required when metrics are enabled")
	}
	if c.HealthInterval < time.Second {
		return fmt.Errorf("monitoring: health_interval %s is too short", c.HealthInterval)
	}
	return nil
}

// HealthCheck is a named probe run on an interval.
type HealthCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// System is the monitoring entry point.
type System struct {
	cfg     Config
	logger  *zap.Logger
	hooks   *Hooks
	mu      sync.Mutex
	checks  []HealthCheck
	status  map[string]error
	started bool
	cancel  context.CancelFunc
}

// NewSystem validates cfg and builds a System.
func NewSystem(cfg Config, logger *zap.Logger) (*System, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		l, err := zap.NewProduction()
		if err != nil {
			return nil, err
		}
		logger = l
	}
	return &System{
		cfg:    cfg,
		logger: logger.With(zap.String("service", cfg.ServiceName), zap.String("env", cfg.Environment)),
		hooks:  NewHooks(cfg.ServiceName),
		status: map[string]error{},
	}, nil
}

// Hooks returns the operation hooks.
func (ms *System) Hooks() *Hooks { return ms.hooks }

// RegisterHealthCheck adds a probe; it must be called before Start.
func (ms *System) RegisterHealthCheck(hc HealthCheck) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.checks = append(ms.checks, hc)
}

// Status returns the last result of every probe.
func (ms *System) Status() map[string]error {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	out := make(map[string]error, len(ms.status))
	for k, v := range ms.status {
		out[k] = v
	}
	return out
}

// Start launches the health loop and initialises the integrations.
func (ms *System) Start(ctx context.Context) error {
	ms.mu.Lock()
	if ms.started {
		ms.mu.Unlock()
		return errors.New("monitoring: already started")
	}
	ms.started = true
	ctx, ms.cancel = context.WithCancel(ctx)
	ms.mu.Unlock()

	if err := ms.initializeComponents(ctx); err != nil {
		return err
	}
	go ms.healthLoop(ctx)
	ms.logger.Info("monitoring_started", zap.Duration("health_interval", ms.cfg.HealthInterval))
	return nil
}

// Stop ends the health loop.
func (ms *System) Stop() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.cancel != nil {
		ms.cancel()
	}
	ms.started = false
}

func (ms *System) healthLoop(ctx context.Context) {
	t := time.NewTicker(ms.cfg.HealthInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ms.runChecks(ctx)
		}
	}
}

func (ms *System) runChecks(ctx context.Context) {
	ms.mu.Lock()
	checks := append([]HealthCheck(nil), ms.checks...)
	ms.mu.Unlock()
	for _, hc := range checks {
		err := hc.Check(ctx)
		ms.mu.Lock()
		ms.status[hc.Name] = err
		ms.mu.Unlock()
		if err != nil {
			ms.logger.Warn("health_check_failed", zap.String("check", hc.Name), zap.Error(err))
		}
	}
}

// initializeComponents wires HTTP clients, config watchers and backup
// triggers. None of these integrations exist yet.
func (ms *System) initializeComponents(ctx context.Context) error {
	_ = ctx
	ms.logger.Info("http_clients_initialization_placeholder", zap.Strings("clients", ms.cfg.HTTPClients))
	ms.logger.Info("config_components_initialization_placeholder", zap.String("service", ms.cfg.ServiceName))
	ms.logger.Info("trigger_components_initialization_placeholder", zap.Strings("webhooks", ms.cfg.TriggerWebhooks))
	return nil
}
