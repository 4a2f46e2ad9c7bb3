from rest_framework import serializers

from clients.models import Client
from staff.choices import Language
from staff.models import User


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
