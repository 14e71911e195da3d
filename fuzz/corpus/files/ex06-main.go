// Command ai-analysis asks an LLM provider for a root cause and a
// recommended remediation, then starts a workflow.
package main

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/acme/aiops/pkg/ai"
	"github.com/acme/aiops/pkg/httpx"
)

func main() {
	log := httpx.Logger("ai-analysis")
	analyzer := ai.NewAnalyzer(ai.ProviderConfig{
		Endpoint: httpx.Env("LLM_ENDPOINT", "http://holmesgpt:8090"),
		Model:    httpx.Env("LLM_MODEL", "granite-8b"),
		Timeout:  30 * time.Second,
	})

	mux := http.NewServeMux()
	httpx.Health(mux, nil)
	mux.HandleFunc("POST /api/v1/analyze", func(w http.ResponseWriter, r *http.Request) {
		var req ai.AnalysisRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			httpx.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		res, err := analyzer.Analyze(r.Context(), req)
		if err != nil {
			log.Error("analyze", "alert", req.AlertID, "err", err)
			httpx.WriteJSON(w, http.StatusBadGateway, map[string]string{"error": "analysis failed"})
			return
		}
		httpx.WriteJSON(w, http.StatusOK, res)
	})
	httpx.Run(log, ":"+httpx.Env("PORT", "8082"), mux)
}
