module github.com/acme/k8s-minio-backup/backup

go 1.22

require (
	github.com/minio/minio-go/v7 v7.0.70
	gopkg.in/yaml.v3 v3.0.1
	k8s.io/apimachinery v0.30.1
	k8s.io/client-go v0.30.1
)
