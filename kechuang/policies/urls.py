from django.urls import path

from kechuang.policies import views, views_background, views_documents, views_review

app_name = "policies"
urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("mine/", views.my_policies, name="my_policies"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/claim/", views.claim_start, name="claim_start"),
    path("measures/<int:pk>/qualified/", views.qualified, name="qualified"),
    path("measures/<int:pk>/qualified/export/", views.qualified_export, name="qualified_export"),
    path("measures/<int:pk>/push/", views_background.push, name="push"),
    path("measures/<int:pk>/qualify/", views_background.qualify, name="qualify"),
    path("measures/qualify/", views_background.qualify_all, name="qualify_all"),
    path("measures/<int:pk>/auto-claims/", views.auto_claims, name="auto_claims"),
    path("measures/<int:pk>/what-if/", views.what_if, name="what_if"),
    path("measures/<int:pk>/rule/", views.rule_edit, name="rule_edit"),
    path(
        "measures/<int:pk>/rule/versions/<int:version_pk>/restore/", views.rule_restore, name="rule_restore"
    ),
    path("documents/<int:doc_pk>/measures/new/", views.measure_create, name="measure_create"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views_documents.document_new, name="document_new"),
    path("documents/<int:pk>/edit/", views_documents.document_edit, name="document_edit"),
    path("measures/<int:pk>/status/", views_documents.measure_status, name="measure_status"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/disburse/", views.claim_disburse, name="claim_disburse"),
    path("review/", views_review.review_queue, name="review_queue"),
    path("review/bulk/", views_review.review_bulk, name="review_bulk"),
    path("figures/<int:org_pk>/<int:year>/", views.figures_edit, name="figures_edit"),
]
