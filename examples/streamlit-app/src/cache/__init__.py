from .memory_cache import TTLCache, cached

__all__ = ["TTLCache", "cached"]
