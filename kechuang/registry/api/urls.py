from django.urls import path

from kechuang.core import api as _core_api  # noqa: F401  (registers the ``id`` path converter)
from kechuang.registry.api import excel_views, views
from kechuang.registry.api import reference_views as ref

urlpatterns = [
    path("organizations/", views.OrganizationCollectionApi.as_view(), name="api-organizations"),
    path("organizations/<id:pk>/", views.OrganizationItemApi.as_view(), name="api-organization"),
    path(
        "organizations/<id:pk>/verify/", views.OrganizationVerifyApi.as_view(), name="api-organization-verify"
    ),
    path(
        "organizations/<id:pk>/reject/", views.OrganizationRejectApi.as_view(), name="api-organization-reject"
    ),
    path(
        "organizations/<id:pk>/statistics/",
        views.StatisticsListApi.as_view(),
        name="api-organization-statistics",
    ),
    path(
        "organizations/<id:pk>/statistics/<int:year>/",
        views.StatisticsUpsertApi.as_view(),
        name="api-organization-statistics-year",
    ),
    path(
        "organizations/<id:pk>/designations/",
        views.DesignationCollectionApi.as_view(),
        name="api-organization-designations",
    ),
    path("parks/", views.ParkListApi.as_view(), name="api-parks"),
    path("parks/<id:pk>/", views.ParkDetailApi.as_view(), name="api-park"),
    path("parks/<id:pk>/members/", views.ParkMembersApi.as_view(), name="api-park-members"),
    path("departments/", views.DepartmentListApi.as_view(), name="api-departments"),
    path("regions/", ref.RegionSearchApi.as_view(), name="api-regions"),
    path("regions/<str:code>/", ref.RegionDetailApi.as_view(), name="api-region"),
    path("regions/<str:code>/children/", ref.RegionChildrenApi.as_view(), name="api-region-children"),
    path("industries/", ref.IndustrySearchApi.as_view(), name="api-industries"),
    path("industries/<str:code>/", ref.IndustryDetailApi.as_view(), name="api-industry"),
    path("industries/<str:code>/children/", ref.IndustryChildrenApi.as_view(), name="api-industry-children"),
]

# Excel import and exports (kechuang/registry/api/excel_views.py)
urlpatterns += [
    path(
        "organizations/import/", excel_views.OrganizationImportApi.as_view(), name="api-organizations-import"
    ),
    path(
        "organizations/import/template/",
        excel_views.ImportTemplateApi.as_view(),
        name="api-organizations-import-template",
    ),
    path(
        "organizations/import/errors/<str:token>/",
        excel_views.ImportErrorsApi.as_view(),
        name="api-organizations-import-errors",
    ),
    path(
        "organizations/export/", excel_views.OrganizationExportApi.as_view(), name="api-organizations-export"
    ),
    path("statistics/export/", excel_views.StatisticsExportApi.as_view(), name="api-statistics-export"),
]
