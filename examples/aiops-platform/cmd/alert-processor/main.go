// Command alert-processor enriches and classifies alerts, stores them and
// hands actionable ones to the AI analysis service.
package main

import (
	"encoding/json"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/acme/aiops/pkg/httpx"
	"github.com/acme/aiops/pkg/processor"
	"github.com/acme/aiops/pkg/storage"
)

func main() {
	log := httpx.Logger("alert-processor")
	db, err := storage.Open(httpx.Env("DATABASE_URL", "postgres://aiops@postgres:5432/aiops?sslmode=disable"))
	if err != nil {
		log.Error("database", "err", err)
		return
	}
	defer db.Close()

	p := processor.New(processor.Options{
		Store:       db,
		AnalysisURL: httpx.Env("AI_ANALYSIS_URL", "http://ai-analysis:8082"),
		Logger:      log,
	})

	mux := http.NewServeMux()
	httpx.Health(mux, db.Ping)
	mux.Handle("GET /metrics", promhttp.Handler())
	mux.HandleFunc("POST /api/v1/process", func(w http.ResponseWriter, r *http.Request) {
		var a processor.Alert
		if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
			httpx.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		res, err := p.Process(r.Context(), a)
		if err != nil {
			log.Error("process", "err", err)
			httpx.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": "processing failed"})
			return
		}
		httpx.WriteJSON(w, http.StatusOK, res)
	})
	httpx.Run(log, ":"+httpx.Env("PORT", "8081"), mux)
}
