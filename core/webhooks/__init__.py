"""Outgoing webhooks (integrations): endpoints, signed deliveries, retries and the log."""
