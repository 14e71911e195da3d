// Package tests holds unit tests and mocks for the backup tool.
package tests

import (
	"context"
	"errors"
	"sync"
)

// MockUploader records uploads in memory.
type MockUploader struct {
	mu       sync.Mutex
	Buckets  map[string]bool
	Objects  map[string][]byte
	FailKeys map[string]bool
}

func NewMockUploader() *MockUploader {
	return &MockUploader{Buckets: map[string]bool{}, Objects: map[string][]byte{}, FailKeys: map[string]bool{}}
}

func (m *MockUploader) EnsureBucket(_ context.Context, bucket string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Buckets[bucket] = true
	return nil
}

func (m *MockUploader) Put(_ context.Context, bucket, key string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.Buckets[bucket] {
		return errors.New("no such bucket")
	}
	if m.FailKeys[key] {
		return errors.New("injected failure")
	}
	m.Objects[key] = append([]byte(nil), data...)
	return nil
}
