from django.urls import path

from kechuang.quality.api import views

urlpatterns = [
    path("quality/organizations/<int:pk>/patents/", views.PatentsApi.as_view(), name="quality-patents"),
    path("quality/organizations/<int:pk>/credit/", views.CreditApi.as_view(), name="quality-credit"),
    path("quality/complaints/", views.ComplaintsApi.as_view(), name="quality-complaints"),
    path(
        "quality/complaints/<int:pk>/transition/",
        views.ComplaintTransitionApi.as_view(),
        name="quality-complaint-transition",
    ),
]
