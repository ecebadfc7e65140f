from kechuang.core.api import api_paths  # (it registers the ``id`` path converter too)
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

urlpatterns = api_paths(
    "",
    "api-",
    [
        ("me/", me_views.MeApi, "me"),
        ("organizations/", organizations.OrganizationCollectionApi, "organizations"),
        ("organizations/<id:pk>/", organizations.OrganizationItemApi, "organization"),
        ("organizations/<id:pk>/verify/", organizations.OrganizationVerifyApi, "organization-verify"),
        ("organizations/<id:pk>/reject/", organizations.OrganizationRejectApi, "organization-reject"),
        ("organizations/<id:pk>/statistics/", statistics.StatisticsListApi, "organization-statistics"),
        (
            "organizations/<id:pk>/statistics/<int:year>/",
            statistics.StatisticsUpsertApi,
            "organization-statistics-year",
        ),
        (
            "organizations/<id:pk>/designations/",
            designations.DesignationCollectionApi,
            "organization-designations",
        ),
        ("parks/", parks.ParkListApi, "parks"),
        ("parks/<id:pk>/", parks.ParkDetailApi, "park"),
        ("parks/<id:pk>/members/", parks.ParkMembersApi, "park-members"),
        ("experts/", experts.ExpertListApi, "experts"),
        ("experts/<id:pk>/", experts.ExpertDetailApi, "expert"),
        ("experts/<id:pk>/conflicts/", experts.ExpertConflictApi, "expert-conflicts"),
        ("departments/", departments.DepartmentCollectionApi, "departments"),
        ("departments/<id:pk>/", departments.DepartmentItemApi, "department"),
        ("departments/<id:pk>/officers/", departments.DepartmentOfficersApi, "department-officers"),
        ("officers/<id:pk>/", departments.OfficerItemApi, "officer"),
        ("regions/", reference.RegionSearchApi, "regions"),
        ("regions/<str:code>/", reference.RegionDetailApi, "region"),
        ("regions/<str:code>/children/", reference.RegionChildrenApi, "region-children"),
        ("industries/", reference.IndustrySearchApi, "industries"),
        ("industries/<str:code>/", reference.IndustryDetailApi, "industry"),
        ("industries/<str:code>/children/", reference.IndustryChildrenApi, "industry-children"),
    ],
)

# Excel import and exports (kechuang/registry/api/excel_views.py)
urlpatterns += api_paths(
    "",
    "api-",
    [
        ("organizations/import/", excel_views.OrganizationImportApi, "organizations-import"),
        ("organizations/import/template/", excel_views.ImportTemplateApi, "organizations-import-template"),
        (
            "organizations/import/errors/<str:token>/",
            excel_views.ImportErrorsApi,
            "organizations-import-errors",
        ),
        ("organizations/export/", excel_views.OrganizationExportApi, "organizations-export"),
        ("statistics/export/", excel_views.StatisticsExportApi, "statistics-export"),
    ],
)

# The integrity list (kechuang/registry/api/integrity.py)
urlpatterns += api_paths(
    "",
    "api-",
    [
        ("integrity/", integrity.IntegrityCollectionApi, "integrity"),
        ("integrity/<id:pk>/lift/", integrity.IntegrityLiftApi, "integrity-lift"),
    ],
)
