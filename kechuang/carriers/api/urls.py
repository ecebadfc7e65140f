from django.urls import path

from kechuang.carriers.api import alliances, views

urlpatterns = [
    path("carriers/", views.CarrierListApi.as_view(), name="carriers-list"),
    path("carriers/alliances/", alliances.AllianceListApi.as_view(), name="carriers-alliances"),
    path(
        "carriers/alliances/<int:pk>/", alliances.AllianceDetailApi.as_view(), name="carriers-alliance-detail"
    ),
    path(
        "carriers/alliances/<int:pk>/evaluations/",
        alliances.AllianceEvaluationsApi.as_view(),
        name="carriers-alliance-evaluations",
    ),
    path(
        "carriers/alliances/<int:pk>/members/",
        alliances.AllianceMembersApi.as_view(),
        name="carriers-alliance-members",
    ),
    path("carriers/<int:pk>/", views.CarrierDetailApi.as_view(), name="carriers-detail"),
    path("carriers/organizations/<int:pk>/ladder/", views.LadderApi.as_view(), name="carriers-ladder"),
]
