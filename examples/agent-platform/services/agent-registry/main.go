// Command agent-registry stores agents, their lifecycle (draft → deployed →
// published) and their marketplace listing.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gsv/platform/services/agent-registry/internal/auth"
	"github.com/gsv/platform/services/agent-registry/internal/store"
)

var requests = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "agent_registry_requests_total",
	Help: "HTTP requests by route and status.",
}, []string{"route", "code"})

func env(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	ctx := context.Background()

	db, err := store.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Error("database", "err", err)
		os.Exit(1)
	}
	defer db.Close()

	authn, err := auth.New(ctx, env("OIDC_ISSUER", "https://sso.gsv.local/realms/cmp"), env("OIDC_CLIENT_ID", "agent-registry"), db.PrincipalForKey)
	if err != nil {
		log.Error("oidc", "err", err)
		os.Exit(1)
	}

	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/agents", func(w http.ResponseWriter, r *http.Request) {
		p, _ := auth.FromContext(r.Context())
		agents, err := db.ListAgents(r.Context(), p.TenantID)
		if err != nil {
			requests.WithLabelValues("list", "500").Inc()
			writeJSON(w, 500, map[string]string{"error": "list failed"})
			return
		}
		requests.WithLabelValues("list", "200").Inc()
		writeJSON(w, 200, agents)
	})
	api.HandleFunc("POST /api/v1/agents", auth.RequireRole("provider", func(w http.ResponseWriter, r *http.Request) {
		p, _ := auth.FromContext(r.Context())
		var in store.Agent
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Name == "" || in.Image == "" {
			writeJSON(w, 400, map[string]string{"error": "name and image are required"})
			return
		}
		in.TenantID = p.TenantID
		out, err := db.CreateAgent(r.Context(), in)
		if err != nil {
			writeJSON(w, 500, map[string]string{"error": "create failed"})
			return
		}
		requests.WithLabelValues("create", "201").Inc()
		writeJSON(w, 201, out)
	}))
	api.HandleFunc("POST /api/v1/agents/{id}/publish", auth.RequireRole("provider", func(w http.ResponseWriter, r *http.Request) {
		p, _ := auth.FromContext(r.Context())
		err := db.Publish(r.Context(), p.TenantID, r.PathValue("id"))
		if errors.Is(err, store.ErrNotFound) {
			writeJSON(w, 404, map[string]string{"error": "agent not found"})
			return
		} else if err != nil {
			writeJSON(w, 500, map[string]string{"error": "publish failed"})
			return
		}
		writeJSON(w, 200, map[string]string{"status": "published"})
	}))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(r.Context()); err != nil {
			writeJSON(w, 503, map[string]string{"status": "database unavailable"})
			return
		}
		writeJSON(w, 200, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", promhttp.Handler())
	mux.Handle("/api/", authn.Middleware(api))

	srv := &http.Server{Addr: ":" + env("PORT", "8080"), Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Info("listening", "addr", srv.Addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("server", "err", err)
		os.Exit(1)
	}
}
