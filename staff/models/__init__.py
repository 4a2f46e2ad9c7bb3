from staff.models.users import User

__all__ = ["User"]
