"""Public gateway: forwards customer calls to agents and receives
marketplace webhooks."""

import httpx
import redis.asyncio as redis
from fastapi import FastAPI, Header, HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest

from .settings import Settings
from .webhooks import verify

settings = Settings()
app = FastAPI(title="GSV gateway", version="1.3.0")
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.allowed_origins,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "X-API-Key", "Content-Type"],
)
cache = redis.from_url(settings.redis_url)
WEBHOOKS = Counter("gateway_webhooks_total", "Marketplace webhooks", ["result"])


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.get("/metrics")
async def metrics():
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@app.post("/v1/agents/{agent_id}/invoke")
async def invoke(agent_id: str, request: Request, x_api_key: str = Header(...)):
    async with httpx.AsyncClient(timeout=30) as client:
        resp = await client.post(
            f"{settings.registry_url}/api/v1/agents/{agent_id}/invoke",
            content=await request.body(),
            headers={"X-API-Key": x_api_key, "Content-Type": "application/json"},
        )
    return Response(resp.content, status_code=resp.status_code, media_type="application/json")


@app.post("/v1/webhooks/marketplace")
async def marketplace_webhook(
    request: Request,
    x_signature: str = Header(...),
    x_timestamp: str = Header(...),
    x_event_id: str = Header(...),
):
    body = await request.body()
    if not verify(settings.webhook_secret, x_timestamp, body, x_signature):
        WEBHOOKS.labels("rejected").inc()
        raise HTTPException(status_code=401, detail="bad signature")
    first = await cache.set(f"webhook:{x_event_id}", 1, nx=True, ex=settings.idempotency_ttl_seconds)
    if not first:
        WEBHOOKS.labels("duplicate").inc()
        return {"status": "duplicate"}
    WEBHOOKS.labels("accepted").inc()
    return {"status": "accepted"}
