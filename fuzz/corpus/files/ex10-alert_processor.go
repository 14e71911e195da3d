// Package processor enriches, classifies and routes incoming alerts.
package processor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/acme/aiops/pkg/processor/environment"
)

// Alert is the subset of an Alertmanager alert the platform uses.
type Alert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	GeneratorURL string            `json:"generatorURL"`
}

// Result is what Process returns.
type Result struct {
	ID          string `json:"id"`
	Fingerprint string `json:"fingerprint"`
	Environment string `json:"environment"`
	Severity    string `json:"severity"`
	Route       string `json:"route"`
	Forwarded   bool   `json:"forwarded"`
}

// Store persists processed alerts.
type Store interface {
	SaveAlert(ctx context.Context, r Result, a Alert) error
}

// Options configures a Processor.
type Options struct {
	Store       Store
	AnalysisURL string
	Logger      *slog.Logger
	HTTPClient  *http.Client
}

// Processor implements the enrich → classify → route pipeline.
type Processor struct {
	opts       Options
	classifier *environment.Classifier
}

var processed = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "aiops_alerts_processed_total",
	Help: "Alerts processed, by environment and route.",
}, []string{"environment", "route"})

// New returns a Processor.
func New(opts Options) *Processor {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Processor{opts: opts, classifier: environment.NewClassifier(environment.DefaultRules())}
}

// Fingerprint is a stable hash of the alert's labels.
func Fingerprint(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s;", k, labels[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Enrich fills defaults the later stages rely on.
func Enrich(a Alert) Alert {
	if a.Labels == nil {
		a.Labels = map[string]string{}
	}
	if a.Annotations == nil {
		a.Annotations = map[string]string{}
	}
	if a.Labels["severity"] == "" {
		a.Labels["severity"] = "warning"
	}
	if a.StartsAt.IsZero() {
		a.StartsAt = time.Now().UTC()
	}
	return a
}

// Route decides where an alert goes.
func Route(env, severity, status string) string {
	switch {
	case status == "resolved":
		return "close"
	case severity == "critical" && env == "production":
		return "ai-analysis"
	case severity == "critical" || severity == "warning":
		return "ai-analysis"
	default:
		return "record-only"
	}
}

// Process runs the pipeline for one alert.
func (p *Processor) Process(ctx context.Context, a Alert) (Result, error) {
	a = Enrich(a)
	env := p.classifier.Classify(a.Labels)
	sev := strings.ToLower(a.Labels["severity"])
	r := Result{
		Fingerprint: Fingerprint(a.Labels),
		Environment: env,
		Severity:    sev,
		Route:       Route(env, sev, a.Status),
	}
	r.ID = fmt.Sprintf("%s-%d", r.Fingerprint, a.StartsAt.Unix())
	if p.opts.Store != nil {
		if err := p.opts.Store.SaveAlert(ctx, r, a); err != nil {
			return r, fmt.Errorf("save alert: %w", err)
		}
	}
	if r.Route == "ai-analysis" {
		if err := p.forward(ctx, r, a); err != nil {
			p.opts.Logger.Warn("analysis not started", "id", r.ID, "err", err)
		} else {
			r.Forwarded = true
		}
	}
	processed.WithLabelValues(r.Environment, r.Route).Inc()
	return r, nil
}

func (p *Processor) forward(ctx context.Context, r Result, a Alert) error {
	body, _ := json.Marshal(map[string]any{"alertId": r.ID, "environment": r.Environment, "alert": a})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.opts.AnalysisURL+"/api/v1/analyze", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.opts.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("ai-analysis returned %s", resp.Status)
	}
	return nil
}
