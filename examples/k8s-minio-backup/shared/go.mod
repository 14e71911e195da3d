module github.com/acme/k8s-minio-backup/shared

go 1.22

require (
	github.com/prometheus/client_golang v1.19.1
	go.uber.org/zap v1.27.0
	gopkg.in/yaml.v3 v3.0.1
)
