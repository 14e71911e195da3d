from .manager import ConfigError, ConfigManager

__all__ = ["ConfigError", "ConfigManager"]
