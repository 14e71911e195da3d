"""Thin HTTP facade in front of the DeepSeek model runtime."""

from __future__ import annotations

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    model_runtime_url: str = "http://localhost:11434"
    model_name: str = "deepseek-r1:7b"
    request_timeout: float = 60.0


settings = Settings()
app = FastAPI(title="deepseek-api", version="0.1.0")


class ChatMessage(BaseModel):
    role: str
    content: str


class ChatRequest(BaseModel):
    messages: list[ChatMessage] = Field(min_length=1)
    temperature: float = Field(default=0.2, ge=0, le=2)


class AnalyzeRequest(BaseModel):
    dataset: str
    question: str


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/v1/chat")
async def chat(req: ChatRequest) -> dict:
    payload = {
        "model": settings.model_name,
        "messages": [m.model_dump() for m in req.messages],
        "options": {"temperature": req.temperature},
        "stream": False,
    }
    async with httpx.AsyncClient(timeout=settings.request_timeout) as client:
        try:
            resp = await client.post(f"{settings.model_runtime_url}/api/chat", json=payload)
        except httpx.HTTPError as exc:
            raise HTTPException(status_code=502, detail=f"model runtime unreachable: {exc}") from exc
    if resp.status_code != 200:
        raise HTTPException(status_code=502, detail=f"model runtime returned {resp.status_code}")
    data = resp.json()
    return {"message": data.get("message", {}), "model": settings.model_name}


@app.post("/v1/analyze")
async def analyze(req: AnalyzeRequest) -> dict:
    raise NotImplementedError("dataset analysis is not implemented yet")
