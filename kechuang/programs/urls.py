from django.urls import path

from kechuang.programs import views, views_duplicates, views_setup

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
    # officers' setup (kechuang/programs/views_setup.py)
    path("setup/", views_setup.setup_index, name="setup_index"),
    path("setup/types/new/", views_setup.program_type_new, name="program_type_new"),
    path("setup/types/<int:pk>/calls/new/", views_setup.call_new, name="call_new"),
    path("setup/calls/<int:pk>/", views_setup.setup_call, name="setup_call"),
    path("setup/calls/<int:pk>/publish/", views_setup.call_publish, name="call_publish"),
    path("setup/calls/<int:pk>/close/", views_setup.call_close, name="call_close"),
]
