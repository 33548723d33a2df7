"""Finding premises: the shareable search filters, the public list and detail pages, and the map API.

It sits above premises, programmes (the "test boutique" filter), projects and matching (how a
visitor's projects fit a unit), and below notifications, whose saved-search alerts reuse the filters.
"""
