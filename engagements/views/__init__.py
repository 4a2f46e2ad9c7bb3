"""Engagement pages: lifecycle (this module's neighbours) and plan/progress/meetings."""
