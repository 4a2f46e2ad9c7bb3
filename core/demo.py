"""Demo data for `make run`: a firm, two client organisations, one user per role and a few
engagements at different stages. Idempotent: keyed on natural keys, safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from clients.models import Client
from engagements.choices import ServiceType, Stage
from engagements.models import Engagement
from staff.choices import Role
from staff.models import User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed on purpose for the demo logins


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    client_code: str | None = None


DEMO_CLIENTS = [
    ("huaxin", "华信制造集团", "制造业"),
    ("lanting", "兰亭城市发展有限公司", "城市建设"),
]

DEMO_USERS = [
    DemoUser("consultant", "张咨询", Role.CONSULTANT),
    DemoUser("pm", "李经理", Role.PROJECT_MANAGER),
    DemoUser("lead", "王专业", Role.DISCIPLINE_LEAD),
    DemoUser("director", "赵总工", Role.TECHNICAL_DIRECTOR),
    DemoUser("qa", "陈质量", Role.QA_MANAGER),
    DemoUser("legal", "刘法务", Role.LEGAL_REVIEWER),
    DemoUser("admin", "系统管理员", Role.ADMIN),
    DemoUser("client_a", "华信 周女士", Role.CLIENT, "huaxin"),
    DemoUser("client_b", "兰亭 吴先生", Role.CLIENT, "lanting"),
]

DEMO_ENGAGEMENTS = [
    ("ENG-2026-001", "数字化转型战略咨询", "huaxin", ServiceType.MANAGEMENT, Stage.EXECUTION),
    ("ENG-2026-002", "精益生产体系诊断", "huaxin", ServiceType.MANAGEMENT, Stage.ACCEPTANCE),
    ("ENG-2026-003", "智慧园区可行性研究", "lanting", ServiceType.ENGINEERING, Stage.FEASIBILITY),
    ("ENG-2026-004", "城市更新项目全过程咨询", "lanting", ServiceType.ENGINEERING, Stage.CONTRACT),
    ("ENG-2026-005", "财务共享中心规划", "huaxin", ServiceType.FINANCE, Stage.LEAD),
    ("ENG-2026-006", "信息系统安全评估", "lanting", ServiceType.IT, Stage.CLOSED),
]


@transaction.atomic
def demo_seed() -> list[DemoUser]:
    clients = {
        code: Client.objects.update_or_create(
            code=code, defaults={"name": name, "industry": industry}
        )[0]
        for code, name, industry in DEMO_CLIENTS
    }
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "display_name": spec.display_name,
                "email": f"{spec.username}@demo.engageqc.local",
                "client": clients[spec.client_code] if spec.client_code else None,
                "is_staff": spec.role == Role.ADMIN,
                "is_superuser": spec.role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=spec.role.value)[0])
        users[spec.username] = user

    for code, title, client_code, service_type, stage in DEMO_ENGAGEMENTS:
        engagement, _created = Engagement.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "client": clients[client_code],
                "service_type": service_type,
                "stage": stage,
                "project_manager": users["pm"],
            },
        )
        engagement.members.add(users["consultant"], users["lead"])
    return DEMO_USERS
