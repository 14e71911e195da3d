package ai

import "context"

// HolmesAPIClient will call the HolmesGPT-API service (/api/v1/investigate).
type HolmesAPIClient struct {
	BaseURL string
}

// Investigate asks HolmesGPT-API for an investigation of one alert.
func (c *HolmesAPIClient) Investigate(ctx context.Context, req AnalysisRequest) (AnalysisResult, error) {
	// TODO: implement once the HolmesGPT-API service exists.
	panic("not implemented")
}
