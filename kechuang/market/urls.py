from django.urls import path

from kechuang.market import views

app_name = "market"
urlpatterns = [
    path("", views.home, name="home"),
    path("achievements/", views.achievement_list, name="achievement_list"),
    path("achievements/mine/", views.achievement_mine, name="achievement_mine"),
    path("achievements/new/", views.achievement_create, name="achievement_create"),
    path("achievements/export/", views.achievement_export, name="achievement_export"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/<str:action>/", views.achievement_action, name="achievement_action"),
    path("review/", views.review_queue, name="review_queue"),
    path("demands/", views.demand_list, name="demand_list"),
    path("demands/new/", views.demand_create, name="demand_create"),
    path("demands/<int:pk>/", views.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/feedback/", views.demand_feedback, name="demand_feedback"),
    path("demands/<int:pk>/close/", views.demand_close, name="demand_close"),
    path("contact/<str:kind>/<int:pk>/", views.contact_create, name="contact_create"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
]
