from django.urls import path

from kechuang.resources import views, views_agencies, views_evaluation, views_vouchers

app_name = "resources"
urlpatterns = [
    path("", views.instrument_list, name="instrument_list"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument_detail"),
    path(
        "instruments/<int:pk>/calendar/",
        views_evaluation.instrument_calendar_page,
        name="instrument_calendar",
    ),
    path("evaluation/", views_evaluation.evaluation, name="evaluation"),
    path("evaluation/export/", views_evaluation.evaluation_export, name="evaluation_export"),
    path("instruments/<int:pk>/book/", views.booking_create, name="booking_create"),
    path("bookings/", views.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/action/", views.booking_action, name="booking_action"),
    path("requests/", views.owner_requests, name="owner_requests"),
    path("vouchers/", views.my_vouchers, name="my_vouchers"),
    path("vouchers/<int:pk>/redeem/", views.voucher_redeem, name="voucher_redeem"),
    path("schemes/<int:pk>/apply/", views_vouchers.voucher_apply, name="voucher_apply"),
    path("applications/<int:pk>/action/", views_vouchers.application_action, name="application_action"),
    path("officer/applications/", views_vouchers.application_queue, name="application_queue"),
    path("officer/vouchers/", views_vouchers.officer_vouchers, name="officer_vouchers"),
    path("officer/vouchers/expire/", views_vouchers.vouchers_expire, name="vouchers_expire"),
    path("services/", views_agencies.service_list, name="service_list"),
    path("services/<int:pk>/order/", views_agencies.order_create, name="order_create"),
    path("agencies/", views_agencies.agency_list, name="agency_list"),
    path("agencies/register/", views_agencies.agency_register, name="agency_register"),
    path("agencies/<int:pk>/services/new/", views_agencies.service_create, name="service_create"),
    path("agencies/<int:pk>/presence/", views_agencies.presence_record, name="presence_record"),
    path("orders/", views_agencies.order_list, name="order_list"),
    path("orders/<int:pk>/", views_agencies.order_detail, name="order_detail"),
    path("orders/<int:pk>/action/", views_agencies.order_action, name="order_action"),
    path("settlements/", views.provider_settlements, name="provider_settlements"),
    path("redemptions/<int:pk>/action/", views.redemption_action, name="redemption_action"),
    path("officer/settlements/", views.settlement_queue, name="settlement_queue"),
    path("officer/reconciliation/", views.reconciliation, name="reconciliation"),
]
