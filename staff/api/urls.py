"""The staff API (/api/staff/); names prefixed ``staff-`` in the shared ``api:`` namespace."""

from django.urls import URLPattern, path

from staff.api import second_factor as sf
from staff.api import views as v

urlpatterns: list[URLPattern] = [
    path("second-factor/", sf.SecondFactorView.as_view(), name="staff-second-factor"),
    path(
        "second-factor/enrol/", sf.SecondFactorEnrolView.as_view(), name="staff-second-factor-enrol"
    ),
    path(
        "second-factor/confirm/",
        sf.SecondFactorConfirmView.as_view(),
        name="staff-second-factor-confirm",
    ),
    path(
        "second-factor/disable/",
        sf.SecondFactorDisableView.as_view(),
        name="staff-second-factor-disable",
    ),
    path(
        "second-factor/recovery-codes/",
        sf.RecoveryCodesView.as_view(),
        name="staff-second-factor-recovery-codes",
    ),
    path("people/", v.PeopleView.as_view(), name="staff-people"),
    path("people/<int:pk>/", v.PersonView.as_view(), name="staff-person"),
    path("people/<int:pk>/record/", v.PersonRecordView.as_view(), name="staff-person-record"),
    path(
        "people/<int:pk>/certificates/",
        v.PersonCertificatesView.as_view(),
        name="staff-person-certificates",
    ),
    path(
        "people/<int:pk>/onboarding/",
        v.PersonOnboardingView.as_view(),
        name="staff-person-onboarding",
    ),
    path(
        "people/<int:pk>/appraisals/",
        v.PersonAppraisalsView.as_view(),
        name="staff-person-appraisals",
    ),
    path(
        "certificates/expiring/",
        v.ExpiringCertificatesView.as_view(),
        name="staff-certificates-expiring",
    ),
    path(
        "certificates/<int:pk>/renew/",
        v.CertificateRenewView.as_view(),
        name="staff-certificate-renew",
    ),
    path("onboarding/<int:pk>/done/", v.OnboardingDoneView.as_view(), name="staff-onboarding-done"),
    path("training/plans/", v.TrainingPlansView.as_view(), name="staff-training-plans"),
    path(
        "training/plans/<int:pk>/hours/",
        v.TrainingPlanHoursView.as_view(),
        name="staff-training-plan-hours",
    ),
    path(
        "training/plans/<int:pk>/sessions/",
        v.TrainingSessionsView.as_view(),
        name="staff-training-sessions",
    ),
    path(
        "training/sessions/<int:pk>/attendance/",
        v.SessionAttendanceView.as_view(),
        name="staff-training-attendance",
    ),
    path("training/mentoring/", v.MentoringView.as_view(), name="staff-mentoring"),
    path("appraisals/<int:pk>/", v.AppraisalView.as_view(), name="staff-appraisal"),
    path(
        "appraisals/<int:pk>/assess/",
        v.AppraisalAssessView.as_view(),
        name="staff-appraisal-assess",
    ),
    path(
        "appraisals/<int:pk>/goals/", v.AppraisalGoalsView.as_view(), name="staff-appraisal-goals"
    ),
    path(
        "appraisals/<int:pk>/interviews/",
        v.AppraisalInterviewsView.as_view(),
        name="staff-appraisal-interviews",
    ),
    path(
        "appraisals/<int:pk>/finalise/",
        v.AppraisalFinaliseView.as_view(),
        name="staff-appraisal-finalise",
    ),
    path("raci/<int:pk>/", v.RaciView.as_view(), name="staff-raci"),
    path("raci/<int:pk>/set/", v.RaciSetView.as_view(), name="staff-raci-set"),
    path("raci/<int:pk>/defaults/", v.RaciDefaultsView.as_view(), name="staff-raci-defaults"),
    path("declarations/", v.DeclarationsView.as_view(), name="staff-declarations"),
    path("engagements/<int:pk>/declare/", v.DeclareView.as_view(), name="staff-declare"),
    path(
        "declarations/<int:pk>/clear/",
        v.DeclarationClearView.as_view(),
        name="staff-declaration-clear",
    ),
    path("violations/", v.ViolationsView.as_view(), name="staff-violations"),
    path(
        "violations/<int:pk>/decide/",
        v.ViolationDecideView.as_view(),
        name="staff-violation-decide",
    ),
]
