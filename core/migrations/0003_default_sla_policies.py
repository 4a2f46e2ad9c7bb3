"""Default SLA policies from the standard (SPEC X-3, CRM-3, CRM-5, QC-9, QC-12, DOC-5, RSK-4).
Admins edit them afterwards; this migration never overwrites an existing policy."""

from django.db import migrations

HOUR = 60
DAY = 24 * HOUR

# code, Chinese name, English name, basis, target minutes
DEFAULTS = [
    ("complaint_first_response", "投诉首次响应", "Complaint first response", "calendar", 24 * HOUR),
    ("complaint_initial_analysis", "投诉初步分析", "Complaint initial analysis", "calendar", 24 * HOUR),
    ("complaint_feedback", "投诉处理反馈", "Complaint feedback to the client", "calendar", 48 * HOUR),
    ("complaint_process_rectification", "流程问题整改", "Process rectification", "calendar", 7 * DAY),
    ("support_first_feedback", "服务请求首次反馈", "Support request first feedback", "calendar", 24 * HOUR),
    ("support_initial_handling", "服务请求初步处理", "Support request initial handling", "calendar", 72 * HOUR),
    ("enquiry_answer", "咨询答复", "Enquiry answer", "working", 1 * HOUR),
    ("audit_rectification_reply", "质量检查整改回复", "Audit rectification reply", "calendar", 10 * DAY),
    ("kpi_breach_rectification_start", "指标超限整改启动", "KPI-breach rectification start", "calendar", 24 * HOUR),
    ("client_material_return", "客户资料归还或销毁", "Client-material return or destruction", "calendar", 7 * DAY),
    ("risk_review", "风险复核", "Risk review", "calendar", 30 * DAY),
]


def create_defaults(apps, schema_editor):
    SlaPolicy = apps.get_model("core", "SlaPolicy")
    SlaEscalationStep = apps.get_model("core", "SlaEscalationStep")
    for code, name, name_en, basis, minutes in DEFAULTS:
        policy, created = SlaPolicy.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "basis": basis, "target_minutes": minutes},
        )
        if created:
            # Level 1 at the breach: the QA office; level 2 when overdue by as long again as
            # the target (at most a day): the technical director and the administrators.
            SlaEscalationStep.objects.create(
                policy=policy, level=1, after_minutes=0, notify_owner=False, notify_roles=["qa_manager"]
            )
            SlaEscalationStep.objects.create(
                policy=policy,
                level=2,
                after_minutes=min(minutes, DAY),
                notify_owner=True,
                notify_roles=["technical_director", "admin"],
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendar_sla_notifications")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
