package monitoring

import (
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	cfg := DefaultConfig("backup")
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cfg.HealthInterval = time.Millisecond
	if err := cfg.Validate(); err == nil {
		t.Fatal("expected error for a too-short interval")
	}
}
