from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_")

    registry_url: str = "http://agent-registry:8080"
    redis_url: str = "redis://redis:6379/0"
    webhook_secret: str  # required: no default
    allowed_origins: list[str] = ["https://app.gsv.local"]
    idempotency_ttl_seconds: int = 86400
