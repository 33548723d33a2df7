"""Explained matching between projects and premises or slots, and slot allocation."""
