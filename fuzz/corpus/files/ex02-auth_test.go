package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHashKeyIsStable(t *testing.T) {
	if HashKey("k") != HashKey("k") || HashKey("k") == HashKey("j") {
		t.Fatal("HashKey must be deterministic and distinguish keys")
	}
}

func TestRequireRole(t *testing.T) {
	h := RequireRole("provider", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })

	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != http.StatusForbidden {
		t.Fatalf("no principal: got %d, want 403", rec.Code)
	}

	req := httptest.NewRequest("POST", "/", nil)
	req = req.WithContext(context.WithValue(req.Context(), ctxKey{}, Principal{Roles: []string{"provider"}}))
	rec = httptest.NewRecorder()
	h(rec, req)
	if rec.Code != 204 {
		t.Fatalf("provider: got %d, want 204", rec.Code)
	}
}

func TestSameTenant(t *testing.T) {
	if !SameTenant("a", "a") || SameTenant("a", "b") {
		t.Fatal("SameTenant wrong")
	}
}
