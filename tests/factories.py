"""Factories for the models the tests build (one per model)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from clients.models import Client
from engagements.models import Engagement
from staff.models import User

TEST_PASSWORD = "correct-horse-battery"


class ClientFactory(DjangoModelFactory[Client]):
    class Meta:
        model = Client
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"client-{n}")
    name = factory.Sequence(lambda n: f"客户{n}有限公司")
    industry = "制造业"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: list[str] | None, **kwargs: object) -> None:  # noqa: N805
        if create and extracted:
            for role in extracted:
                obj.groups.add(Group.objects.get_or_create(name=role)[0])
        if create:
            obj.save()


class EngagementFactory(DjangoModelFactory[Engagement]):
    class Meta:
        model = Engagement

    code = factory.Sequence(lambda n: f"ENG-T-{n:04d}")
    title = factory.Sequence(lambda n: f"咨询项目{n}")
    client = factory.SubFactory(ClientFactory)
