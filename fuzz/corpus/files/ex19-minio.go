// Package storage writes backup objects to MinIO.
package storage

import (
	"bytes"
	"context"
	"path"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Uploader is what the backup run needs from object storage.
type Uploader interface {
	EnsureBucket(ctx context.Context, bucket string) error
	Put(ctx context.Context, bucket, key string, data []byte) error
}

// MinIO is an Uploader backed by a MinIO server.
type MinIO struct {
	client *minio.Client
}

// NewMinIO connects with static access and secret keys.
func NewMinIO(endpoint, accessKey, secretKey string, useSSL bool) (*MinIO, error) {
	c, err := minio.New(endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(accessKey, secretKey, ""),
		Secure: useSSL,
	})
	if err != nil {
		return nil, err
	}
	return &MinIO{client: c}, nil
}

// EnsureBucket creates the bucket if it does not exist yet.
func (m *MinIO) EnsureBucket(ctx context.Context, bucket string) error {
	exists, err := m.client.BucketExists(ctx, bucket)
	if err != nil {
		return err
	}
	if exists {
		return nil
	}
	return m.client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{})
}

// Put uploads one object. Nothing reads it back or checks a checksum.
func (m *MinIO) Put(ctx context.Context, bucket, key string, data []byte) error {
	_, err := m.client.PutObject(ctx, bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: "application/yaml"})
	return err
}

// ObjectKey is the layout the GitOps generator expects:
// <prefix>/<timestamp>/<namespace>/<kind>/<name>.yaml
func ObjectKey(prefix, stamp, namespace, kind, name string) string {
	return path.Join(prefix, stamp, namespace, kind, name+".yaml")
}
