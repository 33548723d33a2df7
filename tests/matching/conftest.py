"""Fixtures for the kept match lists' tests."""

import pytest
from datetime import timedelta

from bourse.matching import lists


@pytest.fixture
def no_change_margin(monkeypatch):
    """Lists read as if no transaction were open: only what changes after the job counts as changed
    (with the 5-minute margin, every row made by the test would be re-read and the list never tested)."""
    monkeypatch.setattr(lists, "CHANGE_MARGIN", timedelta(0))
