// Package ai asks an LLM provider for a root cause and a remediation.
package ai

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ProviderConfig describes one OpenAI-compatible endpoint.
type ProviderConfig struct {
	Endpoint string
	Model    string
	Timeout  time.Duration
}

// AnalysisRequest is what the alert processor sends.
type AnalysisRequest struct {
	AlertID     string         `json:"alertId"`
	Environment string         `json:"environment"`
	Alert       map[string]any `json:"alert"`
}

// Recommendation is one suggested action.
type Recommendation struct {
	Action     string            `json:"action"`
	Parameters map[string]string `json:"parameters"`
	Confidence float64           `json:"confidence"`
}

// AnalysisResult is returned to callers.
type AnalysisResult struct {
	AlertID         string           `json:"alertId"`
	RootCause       string           `json:"rootCause"`
	Recommendations []Recommendation `json:"recommendations"`
	Confidence      float64          `json:"confidence"`
	RequiresHuman   bool             `json:"requiresHuman"`
}

// Analyzer calls the provider and scores the answer.
type Analyzer struct {
	cfg    ProviderConfig
	client *http.Client
}

func NewAnalyzer(cfg ProviderConfig) *Analyzer {
	return &Analyzer{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}}
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Analyze sends a prompt and parses a JSON answer.
func (a *Analyzer) Analyze(ctx context.Context, req AnalysisRequest) (AnalysisResult, error) {
	alertJSON, _ := json.Marshal(req.Alert)
	body, _ := json.Marshal(map[string]any{
		"model": a.cfg.Model,
		"messages": []chatMessage{
			{Role: "system", Content: "You are a Kubernetes SRE. Answer with JSON: {rootCause, recommendations:[{action,parameters,confidence}]}"},
			{Role: "user", Content: fmt.Sprintf("Environment: %s\nAlert: %s", req.Environment, alertJSON)},
		},
	})
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(a.cfg.Endpoint, "/")+"/v1/chat/completions", bytes.NewReader(body))
	if err != nil {
		return AnalysisResult{}, err
	}
	httpReq.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(httpReq)
	if err != nil {
		return AnalysisResult{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return AnalysisResult{}, fmt.Errorf("provider returned %s", resp.Status)
	}
	var out struct {
		Choices []struct {
			Message chatMessage `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return AnalysisResult{}, err
	}
	if len(out.Choices) == 0 {
		return AnalysisResult{}, fmt.Errorf("provider returned no choices")
	}
	var parsed AnalysisResult
	if err := json.Unmarshal([]byte(out.Choices[0].Message.Content), &parsed); err != nil {
		return AnalysisResult{}, fmt.Errorf("unparseable answer: %w", err)
	}
	parsed.AlertID = req.AlertID
	parsed.Confidence = Score(parsed.Recommendations)
	parsed.RequiresHuman = NeedsHuman(parsed.Confidence, req.Environment)
	return parsed, nil
}
