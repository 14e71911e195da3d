// Command workflow executes remediation workflows step by step.
package main

import (
	"encoding/json"
	"net/http"

	"github.com/acme/aiops/pkg/httpx"
	"github.com/acme/aiops/pkg/workflow/engine"
)

func main() {
	log := httpx.Logger("workflow")
	eng := engine.New(engine.DefaultActions(), log)

	mux := http.NewServeMux()
	httpx.Health(mux, nil)
	mux.HandleFunc("POST /api/v1/workflows", func(w http.ResponseWriter, r *http.Request) {
		var wf engine.Workflow
		if err := json.NewDecoder(r.Body).Decode(&wf); err != nil {
			httpx.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		// Execution state lives only in memory: a restart loses running workflows.
		result, err := eng.Execute(r.Context(), wf)
		if err != nil {
			httpx.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": err.Error(), "result": result})
			return
		}
		httpx.WriteJSON(w, http.StatusOK, result)
	})
	httpx.Run(log, ":"+httpx.Env("PORT", "8083"), mux)
}
