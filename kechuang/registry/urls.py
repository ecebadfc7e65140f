from django.urls import path

from kechuang.registry import views

app_name = "registry"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("parks/", views.park_list, name="park_list"),
]
