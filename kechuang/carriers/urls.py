from django.urls import path

from kechuang.carriers import views

app_name = "carriers"
urlpatterns = [
    path("", views.carrier_list, name="carrier_list"),
    path("<int:pk>/", views.carrier_detail, name="carrier_detail"),
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance_detail"),
]
