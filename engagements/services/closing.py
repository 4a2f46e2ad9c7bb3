"""Delivery, acceptance and follow-up services; importing this module registers their stage guards."""
