from django.urls import path

from kechuang.programs import views, views_duplicates

app_name = "programs"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("topics/<int:pk>/apply/", views.apply, name="apply"),
    path("mine/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/transition/", views.application_transition, name="application_transition"),
    path("officer/", views.officer_queue, name="officer_queue"),
    path("calls/<int:pk>/duplicates/", views_duplicates.call_duplicates, name="call_duplicates"),
    path("calls/<int:pk>/duplicates/run/", views_duplicates.call_duplicates_run, name="call_duplicates_run"),
    path("duplicates/<int:pk>/decide/", views_duplicates.duplicate_decide, name="duplicate_decide"),
]
