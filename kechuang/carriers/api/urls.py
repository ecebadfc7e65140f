from django.urls import path

from kechuang.carriers.api import views

urlpatterns = [
    path("carriers/", views.CarrierListApi.as_view(), name="carriers-list"),
    path("carriers/<int:pk>/", views.CarrierDetailApi.as_view(), name="carriers-detail"),
    path("carriers/organizations/<int:pk>/ladder/", views.LadderApi.as_view(), name="carriers-ladder"),
]
