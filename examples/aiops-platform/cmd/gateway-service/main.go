// Command gateway-service receives Alertmanager webhooks and forwards each
// alert to the alert processor over HTTP.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/acme/aiops/pkg/httpx"
	"github.com/acme/aiops/pkg/processor"
)

type webhook struct {
	Version string            `json:"version"`
	Status  string            `json:"status"`
	Alerts  []processor.Alert `json:"alerts"`
}

func main() {
	log := httpx.Logger("gateway-service")
	processorURL := httpx.Env("ALERT_PROCESSOR_URL", "http://alert-processor:8081")
	client := &http.Client{Timeout: 10 * time.Second}

	mux := http.NewServeMux()
	httpx.Health(mux, nil)
	mux.HandleFunc("POST /api/v1/alerts/webhook", func(w http.ResponseWriter, r *http.Request) {
		var hook webhook
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&hook); err != nil {
			httpx.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid payload"})
			return
		}
		if len(hook.Alerts) == 0 {
			httpx.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "no alerts"})
			return
		}
		accepted := 0
		for _, a := range hook.Alerts {
			if err := forward(client, processorURL, a); err != nil {
				log.Error("forward failed", "alert", a.Labels["alertname"], "err", err)
				continue
			}
			accepted++
		}
		httpx.WriteJSON(w, http.StatusAccepted, map[string]int{"accepted": accepted, "received": len(hook.Alerts)})
	})
	httpx.Run(log, ":"+httpx.Env("PORT", "8080"), mux)
}

// forward posts one alert to the processor. There is no retry and no
// persistence: if the processor is down the alert is lost.
func forward(c *http.Client, base string, a processor.Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	resp, err := c.Post(base+"/api/v1/process", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("processor returned %s", resp.Status)
	}
	return nil
}
