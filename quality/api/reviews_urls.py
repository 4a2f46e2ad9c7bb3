"""API URLs of the three-level review (included by quality/api/urls.py)."""

from django.urls import URLPattern, path

from quality.api import reviews as v

urlpatterns: list[URLPattern] = [
    path("reviews/inbox/", v.ReviewInboxView.as_view(), name="review-inbox"),
    path("reviews/versions/<int:pk>/", v.ReviewVersionView.as_view(), name="review-version"),
    path("reviews/versions/<int:pk>/submit/", v.ReviewSubmitView.as_view(), name="review-submit"),
    path("reviews/versions/<int:pk>/defects/", v.ReviewDefectView.as_view(), name="review-defect"),
    path(
        "reviews/levels/<int:pk>/findings/",
        v.ReviewFindingAddView.as_view(),
        name="review-finding-add",
    ),
    path("reviews/levels/<int:pk>/return/", v.ReviewReturnView.as_view(), name="review-return"),
    path("reviews/levels/<int:pk>/sign/", v.ReviewSignView.as_view(), name="review-sign"),
    path("reviews/levels/<int:pk>/reject/", v.ReviewRejectView.as_view(), name="review-reject"),
    path(
        "reviews/findings/<int:pk>/answer/",
        v.ReviewFindingAnswerView.as_view(),
        name="review-finding-answer",
    ),
    path(
        "reviews/findings/<int:pk>/recheck/",
        v.ReviewFindingRecheckView.as_view(),
        name="review-finding-recheck",
    ),
    path(
        "reviews/engagements/<int:pk>/release-check/",
        v.ReviewReleaseCheckView.as_view(),
        name="review-release-check",
    ),
]
