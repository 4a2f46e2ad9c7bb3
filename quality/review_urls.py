"""URLs of the review pages (included by quality/urls.py)."""

from django.urls import URLPattern, path

from quality.views import reviews as v

urlpatterns: list[URLPattern] = [
    path("reviews/", v.inbox_view, name="review_inbox"),
    path("reviews/versions/<int:pk>/", v.version_view, name="review_version"),
    path("reviews/versions/<int:pk>/submit/", v.submit_view, name="review_submit"),
    path("reviews/versions/<int:pk>/defects/", v.defect_report_view, name="review_defect"),
    path("reviews/levels/<int:level_pk>/findings/", v.finding_add_view, name="review_finding_add"),
    path("reviews/levels/<int:level_pk>/return/", v.level_return_view, name="review_return"),
    path("reviews/levels/<int:level_pk>/sign/", v.level_sign_view, name="review_sign"),
    path("reviews/levels/<int:level_pk>/reject/", v.level_reject_view, name="review_reject"),
    path(
        "reviews/findings/<int:finding_pk>/answer/",
        v.finding_answer_view,
        name="review_finding_answer",
    ),
    path(
        "reviews/findings/<int:finding_pk>/recheck/",
        v.finding_recheck_view,
        name="review_finding_recheck",
    ),
]
