package ai

import "testing"

func TestScore(t *testing.T) {
	if Score(nil) != 0 {
		t.Fatal("empty recommendations must score 0")
	}
	got := Score([]Recommendation{{Confidence: 0.9}, {Confidence: 0.7}})
	if got < 0.79 || got > 0.81 {
		t.Fatalf("Score = %v, want 0.8", got)
	}
	if Score([]Recommendation{{Confidence: 2}}) != 1 {
		t.Fatal("confidence must be clamped to 1")
	}
}

func TestNeedsHuman(t *testing.T) {
	if !NeedsHuman(0.8, "production") {
		t.Fatal("0.8 in production needs approval")
	}
	if NeedsHuman(0.8, "staging") {
		t.Fatal("0.8 in staging does not need approval")
	}
}
