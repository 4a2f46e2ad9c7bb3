from staff.services.users import user_set_language

__all__ = ["user_set_language"]
