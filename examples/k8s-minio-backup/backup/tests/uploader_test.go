package tests

import (
	"context"
	"testing"

	"github.com/acme/k8s-minio-backup/backup/storage"
)

func TestObjectKeyLayout(t *testing.T) {
	got := storage.ObjectKey("cluster-a", "20250101T000000Z", "apps", "deployments", "web")
	want := "cluster-a/20250101T000000Z/apps/deployments/web.yaml"
	if got != want {
		t.Fatalf("ObjectKey = %q, want %q", got, want)
	}
}

func TestMockUploaderRequiresBucket(t *testing.T) {
	var u storage.Uploader = NewMockUploader()
	if err := u.Put(context.Background(), "missing", "k", []byte("x")); err == nil {
		t.Fatal("expected an error for a bucket that was never created")
	}
	if err := u.EnsureBucket(context.Background(), "b"); err != nil {
		t.Fatal(err)
	}
	if err := u.Put(context.Background(), "b", "k", []byte("x")); err != nil {
		t.Fatalf("put: %v", err)
	}
}

func TestMockUploaderInjectedFailure(t *testing.T) {
	m := NewMockUploader()
	m.FailKeys["bad"] = true
	_ = m.EnsureBucket(context.Background(), "b")
	if err := m.Put(context.Background(), "b", "bad", nil); err == nil {
		t.Fatal("expected injected failure")
	}
}
