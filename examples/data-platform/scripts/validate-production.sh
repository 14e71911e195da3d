#!/usr/bin/env bash
# Check that the environment is ready for a production start.
set -euo pipefail

cd "$(dirname "$0")/.."

fail=0
say() { printf '%s\n' "$*"; }

if [[ ! -f .env ]]; then
  say "error: .env not found (copy .env.example)"
  exit 1
fi
set -a
# shellcheck disable=SC1091
source .env
set +a

say "== environment variables"
if ! npx tsx src/lib/config/validate-production.ts; then
  fail=1
fi

say "== database"
if command -v psql >/dev/null 2>&1; then
  if ! psql "$DATABASE_URL" -c 'SELECT 1' >/dev/null 2>&1; then
    say "error: cannot connect to DATABASE_URL"
    fail=1
  fi
else
  say "warning: psql not installed, skipping database check"
fi

say "== migrations"
if ! npx prisma migrate status >/dev/null 2>&1; then
  say "error: pending or failed migrations (run npm run db:migrate)"
  fail=1
fi

say "== kafka"
IFS=',' read -ra brokers <<<"$KAFKA_BROKERS"
for b in "${brokers[@]}"; do
  host="${b%%:*}"; port="${b##*:}"
  if ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    say "error: kafka broker $b unreachable"
    fail=1
  fi
done

say "== deepseek-api"
if ! curl -fsS "$DEEPSEEK_API_URL/health" >/dev/null; then
  say "warning: deepseek-api health check failed"
fi

if [[ $fail -ne 0 ]]; then
  say "production validation FAILED"
  exit 1
fi
say "production validation passed"
