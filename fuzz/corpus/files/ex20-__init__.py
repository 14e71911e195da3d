"""Turn Kubernetes backups stored in MinIO into a GitOps repository."""

__version__ = "0.4.0"
