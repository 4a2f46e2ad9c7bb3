"""Admin of the quality app."""

from quality import admin_audits  # noqa: E402, F401  (audits, KPIs and actions)
