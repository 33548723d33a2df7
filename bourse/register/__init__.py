"""The town centre's unit register: every ground-floor commercial unit and the history of what was seen there."""
