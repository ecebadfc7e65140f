from django.urls import path

from kechuang.carriers import views, views_alliances, views_records, views_residents

app_name = "carriers"
urlpatterns = [
    path("", views.carrier_list, name="carrier_list"),
    path("new/", views_records.carrier_new, name="carrier_new"),
    path("import/", views_records.carrier_import, name="carrier_import"),
    path("<int:pk>/", views.carrier_detail, name="carrier_detail"),
    path("<int:pk>/edit/", views_records.carrier_edit, name="carrier_edit"),
    path("<int:pk>/status/", views.carrier_status, name="carrier_status"),
    path("<int:pk>/hosts/", views.carrier_host_add, name="carrier_host_add"),
    path("<int:pk>/merge/", views.carrier_merge, name="carrier_merge"),
    path("workstations/", views_residents.workstation_list, name="workstation_list"),
    path("<int:pk>/residents/", views_residents.residents, name="residents"),
    path("residents/<int:pk>/exit/", views_residents.resident_exit, name="resident_exit"),
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/new/", views_alliances.alliance_new, name="alliance_new"),
    path("alliances/<int:pk>/edit/", views_alliances.alliance_edit, name="alliance_edit"),
    path("alliances/<int:pk>/status/", views_alliances.alliance_status, name="alliance_status"),
    path("alliances/<int:pk>/evaluations/new/", views_alliances.alliance_evaluate, name="alliance_evaluate"),
    path("alliances/<int:pk>/members/", views.alliance_member_add, name="alliance_member_add"),
    path("alliances/<int:pk>/projects/", views.alliance_project_add, name="alliance_project_add"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance_detail"),
    path(
        "alliances/projects/<int:pk>/status/",
        views_alliances.alliance_project_status,
        name="alliance_project_status",
    ),
]
