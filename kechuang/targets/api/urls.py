from kechuang.core.api import api_paths
from kechuang.targets.api import plans, versions, views

urlpatterns = api_paths(
    "targets/",
    "targets-",
    [
        ("plans/", plans.PlanCollectionApi, "plan-list"),
        ("indicators/<int:pk>/allocations/", plans.AllocationsApi, "indicator-allocations"),
        ("plans/<int:pk>/dashboard/", views.PlanDashboardApi, "plan-dashboard"),
        ("plans/<int:pk>/indicators/", views.IndicatorCreateApi, "indicator-create"),
        ("plans/<int:pk>/publish/", versions.PlanPublishApi, "plan-publish"),
        ("indicators/<int:pk>/versions/", versions.IndicatorVersionsApi, "indicator-versions"),
        ("metrics/validate/", views.MetricValidateApi, "metric-validate"),
        ("metrics/compute/", views.MetricComputeApi, "metric-compute"),
        ("reports/", views.ReportSubmitApi, "report-submit"),
        ("reports/<int:pk>/review/", views.ReportReviewApi, "report-review"),
    ],
)
