from django.urls import path

from kechuang.core import api as _core_api  # noqa: F401  (registers the ``id`` path converter)
from kechuang.policies.api import documents, views

urlpatterns = [
    path("policies/documents/", documents.DocumentListApi.as_view(), name="api-policy-documents"),
    path("policies/documents/<id:pk>/", documents.DocumentDetailApi.as_view(), name="api-policy-document"),
    path("policies/measures/", views.MeasureListApi.as_view(), name="api-policy-measures"),
    path("policies/measures/<id:pk>/", views.MeasureDetailApi.as_view(), name="api-policy-measure"),
    path("policies/measures/<id:pk>/explain/", views.ExplainApi.as_view(), name="api-policy-explain"),
    path("policies/measures/<id:pk>/qualified/", views.QualifiedApi.as_view(), name="api-policy-qualified"),
    path("policies/measures/<id:pk>/what-if/", views.WhatIfApi.as_view(), name="api-policy-what-if"),
    path("policies/measures/<id:pk>/push/", views.PushApi.as_view(), name="api-policy-push"),
    path(
        "policies/measures/<id:pk>/auto-claims/", views.AutoClaimsApi.as_view(), name="api-policy-auto-claims"
    ),
    path("policies/organizations/<id:pk>/overview/", views.OverviewApi.as_view(), name="api-policy-overview"),
    path("policies/claims/", views.ClaimCollectionApi.as_view(), name="api-policy-claims"),
    path("policies/claims/<id:pk>/", views.ClaimItemApi.as_view(), name="api-policy-claim"),
    path("policies/claims/<id:pk>/actions/", views.ClaimActionApi.as_view(), name="api-policy-claim-action"),
    path(
        "policies/claims/<id:pk>/disbursements/",
        views.DisbursementApi.as_view(),
        name="api-policy-disbursements",
    ),
]
