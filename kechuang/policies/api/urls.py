from kechuang.core.api import api_paths  # (it registers the ``id`` path converter too)
from kechuang.policies.api import documents, views

urlpatterns = api_paths(
    "policies/",
    "api-policy-",
    [
        ("documents/", documents.DocumentListApi, "documents"),
        ("documents/<id:pk>/", documents.DocumentDetailApi, "document"),
        ("measures/", views.MeasureListApi, "measures"),
        ("measures/<id:pk>/", views.MeasureDetailApi, "measure"),
        ("measures/<id:pk>/explain/", views.ExplainApi, "explain"),
        ("measures/<id:pk>/qualified/", views.QualifiedApi, "qualified"),
        ("measures/<id:pk>/what-if/", views.WhatIfApi, "what-if"),
        ("measures/<id:pk>/push/", views.PushApi, "push"),
        ("measures/<id:pk>/auto-claims/", views.AutoClaimsApi, "auto-claims"),
        ("organizations/<id:pk>/overview/", views.OverviewApi, "overview"),
        ("claims/", views.ClaimCollectionApi, "claims"),
        ("claims/<id:pk>/", views.ClaimItemApi, "claim"),
        ("claims/<id:pk>/actions/", views.ClaimActionApi, "claim-action"),
        ("claims/<id:pk>/disbursements/", views.DisbursementApi, "disbursements"),
    ],
)
