from django.urls import path

from kechuang.programs.api import execution, views, views_deciding

urlpatterns = [
    path("programs/calls/", views.CallListApi.as_view(), name="programs-calls"),
    path("programs/calls/<int:pk>/", views.CallDetailApi.as_view(), name="programs-call-detail"),
    path("programs/applications/", views.ApplicationCreateApi.as_view(), name="programs-applications"),
    path(
        "programs/applications/<int:pk>/",
        views.ApplicationDetailApi.as_view(),
        name="programs-application-detail",
    ),
    path(
        "programs/applications/<int:pk>/submit/",
        views.ApplicationSubmitApi.as_view(),
        name="programs-application-submit",
    ),
    path(
        "programs/applications/<int:pk>/transition/",
        views.ApplicationTransitionApi.as_view(),
        name="programs-application-transition",
    ),
    path(
        "programs/applications/bulk-transition/",
        views_deciding.ApplicationBulkTransitionApi.as_view(),
        name="programs-applications-bulk-transition",
    ),
    path(
        "programs/calls/<int:pk>/funding/",
        views_deciding.CallFundingApi.as_view(),
        name="programs-call-funding",
    ),
    # the execution half (kechuang/programs/api/execution.py)
    path("programs/projects/", execution.ProjectListApi.as_view(), name="programs-projects"),
    path("programs/projects/<int:pk>/", execution.ProjectDetailApi.as_view(), name="programs-project-detail"),
    path(
        "programs/projects/<int:pk>/reports/",
        execution.ReportCreateApi.as_view(),
        name="programs-project-reports",
    ),
    path(
        "programs/projects/<int:pk>/changes/",
        execution.ChangeCreateApi.as_view(),
        name="programs-project-changes",
    ),
    path(
        "programs/changes/<int:pk>/decide/",
        execution.ChangeDecideApi.as_view(),
        name="programs-change-decide",
    ),
    path("programs/performance/", execution.PerformanceApi.as_view(), name="programs-performance"),
]
