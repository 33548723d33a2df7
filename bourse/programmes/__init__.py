"""Test-boutique programmes, their calls for applications and occupancy slots."""
