"""Role dashboards on the home page: figures aggregated in SQL (selectors), monthly
aggregates of very large tables precomputed by beat (services), SVG charts (core.charts)."""
