module github.com/acme/aiops

go 1.22

require (
	github.com/lib/pq v1.10.9
	github.com/prometheus/client_golang v1.19.1
	github.com/redis/go-redis/v9 v9.5.1
)
