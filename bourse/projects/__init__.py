"""Entrepreneurs' project files, reused for every application."""
