package monitoring

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Hooks records the start and end of operations as Prometheus metrics.
type Hooks struct {
	registry   *prometheus.Registry
	operations *prometheus.CounterVec
	duration   *prometheus.HistogramVec
}

// NewHooks registers the operation metrics for one service.
func NewHooks(service string) *Hooks {
	reg := prometheus.NewRegistry()
	h := &Hooks{
		registry: reg,
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        "operations_total",
			Help:        "Operations by name and result.",
			ConstLabels: prometheus.Labels{"service": service},
		}, []string{"operation", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:        "operation_duration_seconds",
			Help:        "Operation duration.",
			ConstLabels: prometheus.Labels{"service": service},
			Buckets:     prometheus.ExponentialBuckets(0.05, 2, 12),
		}, []string{"operation"}),
	}
	reg.MustRegister(h.operations, h.duration)
	return h
}

// Track returns a function to call when the operation ends.
func (h *Hooks) Track(operation string) func(err error) {
	start := time.Now()
	return func(err error) {
		result := "success"
		if err != nil {
			result = "error"
		}
		h.operations.WithLabelValues(operation, result).Inc()
		h.duration.WithLabelValues(operation).Observe(time.Since(start).Seconds())
	}
}

// Handler exposes the metrics for scraping.
func (h *Hooks) Handler() http.Handler {
	return promhttp.HandlerFor(h.registry, promhttp.HandlerOpts{})
}
