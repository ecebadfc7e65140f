from django.urls import path

from kechuang.targets.api import plans, versions, views

urlpatterns = [
    path("targets/plans/", plans.PlanCollectionApi.as_view(), name="targets-plan-list"),
    path(
        "targets/indicators/<int:pk>/allocations/",
        plans.AllocationsApi.as_view(),
        name="targets-indicator-allocations",
    ),
    path(
        "targets/plans/<int:pk>/dashboard/", views.PlanDashboardApi.as_view(), name="targets-plan-dashboard"
    ),
    path(
        "targets/plans/<int:pk>/indicators/",
        views.IndicatorCreateApi.as_view(),
        name="targets-indicator-create",
    ),
    path("targets/plans/<int:pk>/publish/", versions.PlanPublishApi.as_view(), name="targets-plan-publish"),
    path(
        "targets/indicators/<int:pk>/versions/",
        versions.IndicatorVersionsApi.as_view(),
        name="targets-indicator-versions",
    ),
    path("targets/metrics/validate/", views.MetricValidateApi.as_view(), name="targets-metric-validate"),
    path("targets/metrics/compute/", views.MetricComputeApi.as_view(), name="targets-metric-compute"),
    path("targets/reports/", views.ReportSubmitApi.as_view(), name="targets-report-submit"),
    path("targets/reports/<int:pk>/review/", views.ReportReviewApi.as_view(), name="targets-report-review"),
]
