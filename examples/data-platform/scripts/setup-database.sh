#!/usr/bin/env bash
# Create the schema and load sample data into the compose database.
set -euo pipefail
cd "$(dirname "$0")/.."
docker compose up -d postgres
until docker compose exec -T postgres pg_isready -U platform -d platform >/dev/null 2>&1; do
  sleep 2
done
npx prisma migrate deploy
npx tsx prisma/seed.ts
echo "database ready"
