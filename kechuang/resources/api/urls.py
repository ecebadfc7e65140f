from django.urls import path

from kechuang.resources.api import views, views_evaluation

urlpatterns = [
    path("resources/instruments/", views.InstrumentListApi.as_view(), name="resources-instruments"),
    path("resources/bookings/", views.BookingListApi.as_view(), name="resources-bookings"),
    path(
        "resources/bookings/<int:pk>/transitions/",
        views.BookingTransitionApi.as_view(),
        name="resources-booking-transition",
    ),
    path("resources/vouchers/", views.VoucherListApi.as_view(), name="resources-vouchers"),
    path(
        "resources/vouchers/<int:pk>/redemptions/",
        views.VoucherRedeemApi.as_view(),
        name="resources-voucher-redeem",
    ),
    path(
        "resources/redemptions/<int:pk>/transitions/",
        views.RedemptionTransitionApi.as_view(),
        name="resources-redemption-transition",
    ),
    path("resources/evaluation/", views_evaluation.EvaluationApi.as_view(), name="resources-evaluation"),
    path("resources/reconciliation/", views.ReconciliationApi.as_view(), name="resources-reconciliation"),
]
