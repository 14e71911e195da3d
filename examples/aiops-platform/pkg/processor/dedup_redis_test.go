//go:build integration

package processor

// This integration test sketches fingerprint-based duplicate detection on
// Redis. Production code has no duplicate detection yet; only this test talks
// to Redis. Run with: go test -tags integration ./pkg/processor/

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestDuplicateFingerprintInRedis(t *testing.T) {
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		t.Skip("REDIS_ADDR not set")
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	ctx := context.Background()

	fp := Fingerprint(map[string]string{"alertname": "PodCrashLooping", "namespace": "shop-prod"})
	key := "aiops:fingerprint:" + fp
	rdb.Del(ctx, key)

	first, err := rdb.SetNX(ctx, key, 1, time.Hour).Result()
	if err != nil {
		t.Fatal(err)
	}
	second, err := rdb.SetNX(ctx, key, 1, time.Hour).Result()
	if err != nil {
		t.Fatal(err)
	}
	if !first || second {
		t.Fatalf("expected first insert to win and second to be a duplicate, got %v %v", first, second)
	}
}
