"""The jury of a test-boutique call: invitations, conflicts of interest, scores, ranking, decision."""
