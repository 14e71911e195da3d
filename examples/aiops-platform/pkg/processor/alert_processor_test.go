package processor

import (
	"context"
	"testing"
)

type memStore struct{ saved []Result }

func (m *memStore) SaveAlert(_ context.Context, r Result, _ Alert) error {
	m.saved = append(m.saved, r)
	return nil
}

func TestFingerprintIsOrderIndependent(t *testing.T) {
	a := Fingerprint(map[string]string{"a": "1", "b": "2"})
	b := Fingerprint(map[string]string{"b": "2", "a": "1"})
	if a != b {
		t.Fatalf("fingerprints differ: %s vs %s", a, b)
	}
}

func TestRoute(t *testing.T) {
	cases := []struct{ env, sev, status, want string }{
		{"production", "critical", "firing", "ai-analysis"},
		{"development", "info", "firing", "record-only"},
		{"production", "critical", "resolved", "close"},
	}
	for _, c := range cases {
		if got := Route(c.env, c.sev, c.status); got != c.want {
			t.Errorf("Route(%s,%s,%s) = %s, want %s", c.env, c.sev, c.status, got, c.want)
		}
	}
}

func TestProcessRecordOnly(t *testing.T) {
	store := &memStore{}
	p := New(Options{Store: store})
	r, err := p.Process(context.Background(), Alert{
		Status: "firing",
		Labels: map[string]string{"alertname": "Disk", "severity": "info", "namespace": "shop-dev"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Environment != "development" || r.Route != "record-only" || r.Forwarded {
		t.Fatalf("unexpected result %+v", r)
	}
	if len(store.saved) != 1 {
		t.Fatalf("expected one saved alert, got %d", len(store.saved))
	}
}
