"""Applications: a project applying to premises or a test-boutique slot, through to a lease."""
