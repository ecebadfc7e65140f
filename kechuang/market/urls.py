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
    path("demands/<int:pk>/why/", views.demand_why, name="demand_why"),
    path("demands/<int:pk>/close/", views.demand_close, name="demand_close"),
    path("contact/<str:kind>/<int:pk>/", views.contact_create, name="contact_create"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/statistics/", views.contract_statistics, name="contract_statistics"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/items/", views.event_item_add, name="event_item_add"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/<int:pk>/unregister/", views.event_unregister, name="event_unregister"),
    path("events/<int:pk>/outcomes/new/", views.event_outcome_create, name="event_outcome_create"),
    path("events/<int:pk>/export/<str:what>/", views.event_export, name="event_export"),
    path("saved-searches/", views.saved_search_list, name="saved_search_list"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("experts/me/", views.expert_profile_edit, name="expert_profile"),
]
