from engagements.models.engagements import Engagement

__all__ = ["Engagement"]
