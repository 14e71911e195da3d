module github.com/gsv/platform/services/agent-registry

go 1.22

require (
	github.com/coreos/go-oidc/v3 v3.10.0
	github.com/jackc/pgx/v5 v5.6.0
	github.com/prometheus/client_golang v1.19.1
)

require (
	go.opentelemetry.io/otel v1.24.0 // indirect
	go.opentelemetry.io/otel/trace v1.24.0 // indirect
)
