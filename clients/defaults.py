"""Default records the clients app needs (the standard's survey templates, the settings row
and the retention schedule). Used by the data migrations and by
``ClientsConfig.seed_defaults``; never overwrites what an admin changed."""

from __future__ import annotations

from typing import Any

# code, Chinese name, English name, occasion
TEMPLATES = [
    ("acceptance", "项目验收满意度调查", "Satisfaction survey after acceptance", "acceptance"),
    ("quarterly", "季度客户满意度调查", "Quarterly client satisfaction survey", "quarterly"),
]
# dimension, Chinese question, English question
QUESTIONS = [
    (
        "service",
        "您对我们的服务态度与响应速度是否满意？",
        "How satisfied are you with our service attitude and responsiveness?",
    ),
    (
        "service",
        "您对沟通的及时性与有效性是否满意？",
        "How satisfied are you with how timely and effective our communication was?",
    ),
    (
        "deliverable",
        "您对交付成果的质量是否满意？",
        "How satisfied are you with the quality of the deliverables?",
    ),
    (
        "deliverable",
        "交付成果是否满足您的需求并具有可操作性？",
        "Do the deliverables meet your needs and can they be put into practice?",
    ),
    (
        "team",
        "您对项目团队的专业能力是否满意？",
        "How satisfied are you with the project team's expertise?",
    ),
    (
        "team",
        "您对项目团队的协作与职业素养是否满意？",
        "How satisfied are you with the team's cooperation and professionalism?",
    ),
]


def seed(apps: Any) -> None:
    SurveyTemplate = apps.get_model("clients", "SurveyTemplate")
    SurveyQuestion = apps.get_model("clients", "SurveyQuestion")
    RelationsSettings = apps.get_model("clients", "RelationsSettings")
    RelationsSettings.objects.get_or_create(pk=1)
    for code, name, name_en, occasion in TEMPLATES:
        template, created = SurveyTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "occasion": occasion}
        )
        if created:
            for position, (dimension, text, text_en) in enumerate(QUESTIONS, start=1):
                SurveyQuestion.objects.create(
                    template=template,
                    position=position,
                    dimension=dimension,
                    text=text,
                    text_en=text_en,
                )


def seed_retention(apps: Any) -> None:
    """SEC-27: the retention schedule's row with the model's defaults."""
    apps.get_model("clients", "RetentionSettings").objects.get_or_create(pk=1)
