from django.urls import path

from kechuang.registry import (
    views,
    views_departments,
    views_excel,
    views_experts,
    views_integrity,
    views_overview,
    views_pickers,
)

app_name = "registry"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("overview/", views_overview.registry_overview_page, name="overview"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/statistics/new/", views.statistics_edit, name="statistics_add"),
    path("organizations/<int:pk>/statistics/<int:year>/", views.statistics_edit, name="statistics_edit"),
    path("organizations/<int:pk>/designations/new/", views.designation_add, name="designation_add"),
    path("organizations/<int:pk>/verify/", views.organization_verify, name="organization_verify"),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("parks/", views.park_list, name="park_list"),
    path("parks/new/", views.park_create, name="park_create"),
    path("parks/<int:pk>/", views.park_detail, name="park_detail"),
    path("parks/<int:pk>/members/add/", views.park_member_add, name="park_member_add"),
    path("parks/<int:pk>/members/<int:org_pk>/remove/", views.park_member_remove, name="park_member_remove"),
    path("pickers/regions/", views.region_search, name="region_search"),
    path("pickers/industries/", views.industry_search, name="industry_search"),
    path("departments/", views_departments.department_list, name="department_list"),
    path("departments/new/", views_departments.department_new, name="department_new"),
    path("departments/<int:pk>/", views_departments.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", views_departments.department_edit, name="department_edit"),
    path("departments/<int:pk>/status/", views_departments.department_status, name="department_status"),
    path("departments/<int:pk>/officers/new/", views_departments.officer_new, name="officer_new"),
    path("officers/<int:pk>/edit/", views_departments.officer_edit, name="officer_edit"),
    path("officers/<int:pk>/end/", views_departments.officer_end, name="officer_end"),
    path("pickers/organizations/", views_pickers.organization_search, name="organization_search"),
    path("pickers/departments/", views_pickers.department_search, name="department_search"),
]

# The expert pool (kechuang/registry/views_experts.py)
urlpatterns += [
    path("experts/", views_experts.expert_list, name="expert_list"),
    path("experts/new/", views_experts.expert_new, name="expert_new"),
    path("experts/import/", views_experts.expert_import, name="expert_import"),
    path("experts/me/", views_experts.my_expert_profile, name="my_expert_profile"),
    path("experts/<int:pk>/", views_experts.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", views_experts.expert_edit, name="expert_edit"),
    path("experts/<int:pk>/status/", views_experts.expert_status, name="expert_status"),
    path("experts/<int:pk>/conflicts/", views_experts.expert_conflict_add, name="expert_conflict_add"),
]

# Excel import and exports (kechuang/registry/views_excel.py)
urlpatterns += [
    path("organizations/import/", views_excel.organization_import, name="organization_import"),
    path("organizations/import/jobs/<int:pk>/", views_excel.import_job, name="import_job"),
    path("organizations/import/template/", views_excel.import_template, name="import_template"),
    path("organizations/import/errors/<str:token>/", views_excel.import_errors, name="import_errors"),
    path("organizations/export/", views_excel.organization_export, name="organization_export"),
    path("statistics/export/", views_excel.statistics_export, name="statistics_export"),
    path("verification/export/", views_excel.verification_export, name="verification_export"),
    path("parks/export/", views_excel.park_export, name="park_export"),
]

# The integrity list (失信名单; kechuang/registry/views_integrity.py)
urlpatterns += [
    path("integrity/", views_integrity.integrity_list, name="integrity_list"),
    path("integrity/new/", views_integrity.integrity_add, name="integrity_add"),
    path("integrity/<int:pk>/lift/", views_integrity.integrity_lift, name="integrity_lift"),
]
