import copy
from typing import Any

from rest_framework import serializers

from clients.models import Client
from staff.choices import Language
from staff.models import User


def _fresh(field: serializers.Field[Any, Any, Any, Any]) -> serializers.Field[Any, Any, Any, Any]:
    """A new, unbound field made with the same arguments; a field given as an argument (a
    list's child) is copied, the other arguments (choices, validators) are shared, read-only."""
    kwargs: dict[str, Any] = {
        name: copy.deepcopy(value) if isinstance(value, serializers.Field) else value
        for name, value in field._kwargs.items()  # type: ignore[attr-defined]
    }
    return field.__class__(*field._args, **kwargs)  # type: ignore[attr-defined]


class FieldsBuiltOnce:
    """For a serializer whose fields depend on nothing but its class: the fields are worked
    out (from the model, for a ModelSerializer) once per class, and each instance gets fresh
    ones made with the same arguments instead of DRF's deep copy (P3: building and copying
    the complaint's twenty fields, their choices with them, was a tenth of the portal POST).
    Not for fields whose arguments are mutated after construction."""

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = cls.__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._fields_built_once = built  # type: ignore[attr-defined]
        return {name: _fresh(field) for name, field in built.items()}


class MeSerializer(serializers.ModelSerializer[User]):
    roles = serializers.SerializerMethodField()
    client = serializers.PrimaryKeyRelatedField[Client](read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "language", "roles", "client"]
        read_only_fields = ["id", "username", "display_name", "email", "roles", "client"]

    def get_roles(self, obj: User) -> list[str]:
        return sorted(obj.roles)


class LanguageInputSerializer(serializers.Serializer[None]):
    language = serializers.ChoiceField(choices=Language.choices)
