from django.urls import path

from kechuang.quality.api import registers, views

urlpatterns = [
    path("quality/organizations/<int:pk>/patents/", views.PatentsApi.as_view(), name="quality-patents"),
    path(
        "quality/organizations/<int:pk>/trademarks/",
        registers.TrademarksApi.as_view(),
        name="quality-trademarks",
    ),
    path(
        "quality/organizations/<int:pk>/products/", registers.ProductsApi.as_view(), name="quality-products"
    ),
    path("quality/patents/<int:pk>/deals/", registers.PatentDealsApi.as_view(), name="quality-patent-deals"),
    path("quality/organizations/<int:pk>/credit/", views.CreditApi.as_view(), name="quality-credit"),
    path("quality/events/", registers.EventsApi.as_view(), name="quality-events"),
    path("quality/complaints/", views.ComplaintsApi.as_view(), name="quality-complaints"),
    path(
        "quality/complaints/statistics/",
        registers.ComplaintStatisticsApi.as_view(),
        name="quality-complaint-statistics",
    ),
    path(
        "quality/complaints/<int:pk>/transition/",
        views.ComplaintTransitionApi.as_view(),
        name="quality-complaint-transition",
    ),
]
