from kechuang.carriers.api import alliances, views
from kechuang.core.api import api_paths

urlpatterns = api_paths(
    "carriers/",
    "carriers-",
    [
        ("", views.CarrierListApi, "list"),
        ("alliances/", alliances.AllianceListApi, "alliances"),
        ("alliances/<int:pk>/", alliances.AllianceDetailApi, "alliance-detail"),
        ("alliances/<int:pk>/evaluations/", alliances.AllianceEvaluationsApi, "alliance-evaluations"),
        ("alliances/<int:pk>/members/", alliances.AllianceMembersApi, "alliance-members"),
        ("<int:pk>/", views.CarrierDetailApi, "detail"),
        ("organizations/<int:pk>/ladder/", views.LadderApi, "ladder"),
    ],
)
