from rest_framework import serializers

from clients.models import Client


class ClientSerializer(serializers.ModelSerializer[Client]):
    class Meta:
        model = Client
        fields = ["id", "code", "name", "industry"]
        read_only_fields = fields
