"""rules.yaml: typed configuration and its loader."""

from custinfo.config.load import Rules, decisions_path, default_rules_path, load_rules
from custinfo.config.model import Config

__all__ = ["Config", "Rules", "decisions_path", "default_rules_path", "load_rules"]
