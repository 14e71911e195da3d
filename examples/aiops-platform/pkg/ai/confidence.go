package ai

// Score is the mean confidence of the recommendations, penalised when the
// model proposes many alternatives.
func Score(recs []Recommendation) float64 {
	if len(recs) == 0 {
		return 0
	}
	sum := 0.0
	for _, r := range recs {
		c := r.Confidence
		if c < 0 {
			c = 0
		}
		if c > 1 {
			c = 1
		}
		sum += c
	}
	mean := sum / float64(len(recs))
	if len(recs) > 3 {
		mean *= 0.8
	}
	return mean
}

// NeedsHuman requires approval below a per-environment threshold.
func NeedsHuman(confidence float64, environment string) bool {
	threshold := 0.6
	if environment == "production" {
		threshold = 0.85
	}
	return confidence < threshold
}
