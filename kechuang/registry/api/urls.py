from django.urls import path

from kechuang.core import api as _core_api  # noqa: F401  (registers the ``id`` path converter)
from kechuang.registry.api import (
    departments,
    designations,
    excel_views,
    experts,
    integrity,
    me_views,
    organizations,
    parks,
    reference,
    statistics,
)

urlpatterns = [
    path("me/", me_views.MeApi.as_view(), name="api-me"),
    path("organizations/", organizations.OrganizationCollectionApi.as_view(), name="api-organizations"),
    path("organizations/<id:pk>/", organizations.OrganizationItemApi.as_view(), name="api-organization"),
    path(
        "organizations/<id:pk>/verify/",
        organizations.OrganizationVerifyApi.as_view(),
        name="api-organization-verify",
    ),
    path(
        "organizations/<id:pk>/reject/",
        organizations.OrganizationRejectApi.as_view(),
        name="api-organization-reject",
    ),
    path(
        "organizations/<id:pk>/statistics/",
        statistics.StatisticsListApi.as_view(),
        name="api-organization-statistics",
    ),
    path(
        "organizations/<id:pk>/statistics/<int:year>/",
        statistics.StatisticsUpsertApi.as_view(),
        name="api-organization-statistics-year",
    ),
    path(
        "organizations/<id:pk>/designations/",
        designations.DesignationCollectionApi.as_view(),
        name="api-organization-designations",
    ),
    path("parks/", parks.ParkListApi.as_view(), name="api-parks"),
    path("parks/<id:pk>/", parks.ParkDetailApi.as_view(), name="api-park"),
    path("parks/<id:pk>/members/", parks.ParkMembersApi.as_view(), name="api-park-members"),
    path("experts/", experts.ExpertListApi.as_view(), name="api-experts"),
    path("experts/<id:pk>/", experts.ExpertDetailApi.as_view(), name="api-expert"),
    path("experts/<id:pk>/conflicts/", experts.ExpertConflictApi.as_view(), name="api-expert-conflicts"),
    path("departments/", departments.DepartmentCollectionApi.as_view(), name="api-departments"),
    path("departments/<id:pk>/", departments.DepartmentItemApi.as_view(), name="api-department"),
    path(
        "departments/<id:pk>/officers/",
        departments.DepartmentOfficersApi.as_view(),
        name="api-department-officers",
    ),
    path("officers/<id:pk>/", departments.OfficerItemApi.as_view(), name="api-officer"),
    path("regions/", reference.RegionSearchApi.as_view(), name="api-regions"),
    path("regions/<str:code>/", reference.RegionDetailApi.as_view(), name="api-region"),
    path("regions/<str:code>/children/", reference.RegionChildrenApi.as_view(), name="api-region-children"),
    path("industries/", reference.IndustrySearchApi.as_view(), name="api-industries"),
    path("industries/<str:code>/", reference.IndustryDetailApi.as_view(), name="api-industry"),
    path(
        "industries/<str:code>/children/",
        reference.IndustryChildrenApi.as_view(),
        name="api-industry-children",
    ),
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

# The integrity list (kechuang/registry/api/integrity.py)
urlpatterns += [
    path("integrity/", integrity.IntegrityCollectionApi.as_view(), name="api-integrity"),
    path("integrity/<id:pk>/lift/", integrity.IntegrityLiftApi.as_view(), name="api-integrity-lift"),
]
