from django.urls import path

from kechuang.resources.api import views, views_commissioners, views_evaluation, views_services

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
    path("resources/services/", views_services.ServiceListApi.as_view(), name="resources-services"),
    path("resources/orders/", views_services.OrderListApi.as_view(), name="resources-orders"),
    path(
        "resources/orders/<int:pk>/transitions/",
        views_services.OrderTransitionApi.as_view(),
        name="resources-order-transition",
    ),
    path(
        "resources/orders/<int:pk>/delivery/",
        views_services.OrderDeliveryApi.as_view(),
        name="resources-order-delivery",
    ),
    path(
        "resources/agencies/<int:pk>/services/",
        views_services.AgencyServiceCreateApi.as_view(),
        name="resources-agency-services",
    ),
    path("resources/dispatches/", views_services.DispatchListApi.as_view(), name="resources-dispatches"),
    path(
        "resources/dispatches/<int:pk>/logs/",
        views_commissioners.WorkLogCreateApi.as_view(),
        name="resources-worklogs",
    ),
    path(
        "resources/worklogs/<int:pk>/transitions/",
        views_commissioners.WorkLogTransitionApi.as_view(),
        name="resources-worklog-transition",
    ),
    path("resources/evaluation/", views_evaluation.EvaluationApi.as_view(), name="resources-evaluation"),
    path("resources/reconciliation/", views.ReconciliationApi.as_view(), name="resources-reconciliation"),
]
