from django.urls import include, path

from engagements.views import lifecycle as v

app_name = "engagements"
urlpatterns = [
    path("", v.engagement_list_view, name="list"),
    path("new/", v.engagement_intake_view, name="intake"),
    path("board/", v.engagement_board_view, name="board"),
    path("<int:pk>/", v.engagement_detail_view, name="detail"),
    path("<int:pk>/transition/", v.transition_view, name="transition"),
    path("<int:pk>/resume/", v.resume_view, name="resume"),
    path("<int:pk>/answer/", v.answer_view, name="answer"),
    path("<int:pk>/budget/", v.budget_view, name="budget"),
    path("<int:pk>/requirements/", v.requirements_view, name="requirements"),
    path("<int:pk>/feasibility/", v.feasibility_view, name="feasibility"),
    path("<int:pk>/feasibility/conclude/", v.conclude_view, name="conclude"),
    path("<int:pk>/quotations/", v.quotation_view, name="quotation"),
    path("<int:pk>/proposal/", v.proposal_view, name="proposal"),
    path("<int:pk>/proposal/review/", v.proposal_review_view, name="proposal_review"),
    path("<int:pk>/proposal/send/", v.proposal_send_view, name="proposal_send"),
    path("<int:pk>/contract/", v.contract_view, name="contract"),
    path("<int:pk>/contract/legal-review/", v.legal_review_view, name="legal_review"),
    path("<int:pk>/contract/sign/", v.contract_sign_view, name="contract_sign"),
    path("<int:pk>/contract/copies/", v.contract_copy_view, name="contract_copy"),
    path("", include("engagements.plan_urls")),
    path("", include("engagements.closing_urls")),
]
