from clients.models.clients import Client

__all__ = ["Client"]
