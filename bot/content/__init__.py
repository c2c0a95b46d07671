"""Coaching content: YAML files in content/, validated into typed objects at start-up."""

from bot.content.loader import CONTENT_DIR, ContentError, load_content
from bot.content.schema import Content

__all__ = ["CONTENT_DIR", "Content", "ContentError", "load_content"]
