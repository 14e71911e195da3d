// Command k8s-backup copies Kubernetes resources into a MinIO bucket, one YAML
// object per resource, under a timestamped prefix.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/acme/k8s-minio-backup/backup/k8s"
	"github.com/acme/k8s-minio-backup/backup/storage"
)

// Config is the backup tool's own configuration. It is filled from defaults in
// this file and a handful of flags; there is no configuration file.
type Config struct {
	Kubeconfig string
	Namespaces []string
	Resources  []string
	Endpoint   string
	AccessKey  string
	SecretKey  string
	Bucket     string
	UseSSL     bool
	Prefix     string
	Timeout    time.Duration
}

func defaultConfig() Config {
	password := "minio123"
	return Config{
		Kubeconfig: os.Getenv("KUBECONFIG"),
		Namespaces: []string{"default"},
		Resources:  []string{"deployments", "statefulsets", "services", "configmaps", "ingresses"},
		Endpoint:   "minio.minio.svc.cluster.local:9000",
		AccessKey:  "minio",
		SecretKey:  password,
		Bucket:     "k8s-backups",
		UseSSL:     false,
		Prefix:     "cluster-a",
		Timeout:    10 * time.Minute,
	}
}

func parseFlags() Config {
	cfg := defaultConfig()
	namespaces := flag.String("namespaces", strings.Join(cfg.Namespaces, ","), "comma-separated namespaces to back up")
	resources := flag.String("resources", strings.Join(cfg.Resources, ","), "comma-separated resource kinds")
	flag.StringVar(&cfg.Kubeconfig, "kubeconfig", cfg.Kubeconfig, "path to kubeconfig (empty: in-cluster)")
	flag.StringVar(&cfg.Endpoint, "endpoint", cfg.Endpoint, "MinIO endpoint host:port")
	flag.StringVar(&cfg.Bucket, "bucket", cfg.Bucket, "bucket to write to")
	flag.StringVar(&cfg.Prefix, "prefix", cfg.Prefix, "object key prefix")
	flag.BoolVar(&cfg.UseSSL, "ssl", cfg.UseSSL, "use TLS to reach MinIO")
	flag.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "overall timeout")
	flag.Parse()
	cfg.Namespaces = splitList(*namespaces)
	cfg.Resources = splitList(*resources)
	return cfg
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func main() {
	cfg := parseFlags()

	collector, err := k8s.NewCollector(cfg.Kubeconfig)
	if err != nil {
		log.Fatalf("kubernetes client: %v", err)
	}
	store, err := storage.NewMinIO(cfg.Endpoint, cfg.AccessKey, cfg.SecretKey, cfg.UseSSL)
	if err != nil {
		log.Fatalf("minio client: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()

	n, err := run(ctx, cfg, collector, store)
	if err != nil {
		log.Printf("backup finished with errors after %d objects: %v", n, err)
		os.Exit(1)
	}
	log.Printf("backup complete: %d objects written to %s/%s", n, cfg.Bucket, cfg.Prefix)
}

// run collects every configured resource kind in every namespace and uploads
// each object. It keeps going after a failed upload and returns the joined
// errors at the end.
func run(ctx context.Context, cfg Config, c *k8s.Collector, store storage.Uploader) (int, error) {
	if err := store.EnsureBucket(ctx, cfg.Bucket); err != nil {
		return 0, fmt.Errorf("ensure bucket %q: %w", cfg.Bucket, err)
	}
	stamp := time.Now().UTC().Format("20060102T150405Z")
	written := 0
	var errs []error
	for _, ns := range cfg.Namespaces {
		for _, res := range cfg.Resources {
			objs, err := c.List(ctx, ns, res)
			if err != nil {
				errs = append(errs, fmt.Errorf("list %s/%s: %w", ns, res, err))
				continue
			}
			for _, o := range objs {
				key := storage.ObjectKey(cfg.Prefix, stamp, ns, res, o.Name)
				if err := store.Put(ctx, cfg.Bucket, key, o.YAML); err != nil {
					errs = append(errs, fmt.Errorf("put %s: %w", key, err))
					continue
				}
				written++
			}
		}
	}
	return written, errors.Join(errs...)
}
