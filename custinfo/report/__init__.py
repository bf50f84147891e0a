"""Turning findings and datasets into words, tables and summaries (no file I/O here)."""
