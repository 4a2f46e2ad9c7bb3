from django.urls import path

from staff import views

app_name = "staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/certificates/add/", views.certificate_add, name="certificate_add"),
    path("people/<int:pk>/onboarding/add/", views.onboarding_add, name="onboarding_add"),
    path("people/<int:pk>/appraisals/add/", views.appraisal_open, name="appraisal_open"),
    path(
        "people/<int:pk>/figures/milestones/",
        views.figure_milestones,
        name="figure_milestones",
    ),
    path("certificates/<int:pk>/renew/", views.certificate_renew, name="certificate_renew"),
    path("certificates/<int:pk>/file/", views.certificate_file, name="certificate_file"),
    path("onboarding/<int:pk>/done/", views.onboarding_done, name="onboarding_done"),
    path("training/", views.training, name="training"),
    path("training/plans/add/", views.plan_add, name="plan_add"),
    path("training/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("training/plans/<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("training/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("training/mentoring/add/", views.mentor_add, name="mentor_add"),
    path("appraisals/<int:pk>/", views.appraisal, name="appraisal"),
    path("appraisals/<int:pk>/assess/", views.appraisal_assess, name="appraisal_assess"),
    path("appraisals/<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("appraisals/<int:pk>/interviews/add/", views.interview_add, name="interview_add"),
    path("appraisals/<int:pk>/finalise/", views.appraisal_finalise, name="appraisal_finalise"),
    path("raci/", views.raci_list, name="raci_list"),
    path("raci/<int:pk>/", views.raci, name="raci"),
    path("raci/<int:pk>/set/", views.raci_set, name="raci_set"),
    path("raci/<int:pk>/defaults/", views.raci_defaults, name="raci_defaults"),
    path("declarations/", views.declarations, name="declarations"),
    path("declarations/<int:pk>/declare/", views.declare, name="declare"),
    path("declarations/<int:pk>/clear/", views.declaration_clear, name="declaration_clear"),
    path("violations/add/", views.violation_add, name="violation_add"),
    path("violations/<int:pk>/decide/", views.violation_decide, name="violation_decide"),
]
