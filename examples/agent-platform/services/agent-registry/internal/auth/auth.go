// Package auth authenticates requests with a Keycloak-issued OIDC token or a
// customer API key, and checks roles.
package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
)

// Principal is the authenticated caller.
type Principal struct {
	Subject  string
	TenantID string
	Roles    []string
	APIKey   bool
}

// HasRole reports whether p has role.
func (p Principal) HasRole(role string) bool {
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

type ctxKey struct{}

// FromContext returns the principal set by Middleware.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

// KeyLookup resolves the SHA-256 hash of an API key to a principal.
type KeyLookup func(ctx context.Context, keyHash string) (Principal, error)

// Authenticator verifies bearer tokens and API keys.
type Authenticator struct {
	verifier *oidc.IDTokenVerifier
	lookup   KeyLookup
}

// New discovers the issuer (Keycloak realm) and builds a verifier.
func New(ctx context.Context, issuer, clientID string, lookup KeyLookup) (*Authenticator, error) {
	provider, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, err
	}
	return &Authenticator{verifier: provider.Verifier(&oidc.Config{ClientID: clientID}), lookup: lookup}, nil
}

// HashKey is how API keys are stored.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

func (a *Authenticator) authenticate(r *http.Request) (Principal, error) {
	if key := r.Header.Get("X-API-Key"); key != "" {
		p, err := a.lookup(r.Context(), HashKey(key))
		if err != nil {
			return Principal{}, err
		}
		p.APIKey = true
		return p, nil
	}
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, "Bearer ") {
		return Principal{}, errors.New("missing credentials")
	}
	tok, err := a.verifier.Verify(r.Context(), strings.TrimPrefix(h, "Bearer "))
	if err != nil {
		return Principal{}, err
	}
	var claims struct {
		Sub         string `json:"sub"`
		Tenant      string `json:"tenant_id"`
		RealmAccess struct {
			Roles []string `json:"roles"`
		} `json:"realm_access"`
	}
	if err := tok.Claims(&claims); err != nil {
		return Principal{}, err
	}
	return Principal{Subject: claims.Sub, TenantID: claims.Tenant, Roles: claims.RealmAccess.Roles}, nil
}

// Middleware rejects unauthenticated requests.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.authenticate(r)
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
	})
}

// RequireRole allows the request only when the principal has role.
func RequireRole(role string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := FromContext(r.Context())
		if !ok || !p.HasRole(role) {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next(w, r)
	}
}

// SameTenant compares tenant IDs in constant time.
func SameTenant(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
