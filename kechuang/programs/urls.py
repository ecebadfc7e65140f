from django.urls import path

from kechuang.programs import views, views_deciding, views_duplicates, views_setup

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
    # the deciding half (kechuang/programs/views_deciding.py)
    path("setup/calls/<int:pk>/recommenders/add/", views_deciding.recommender_add, name="recommender_add"),
    path("setup/recommenders/<int:pk>/remove/", views_deciding.recommender_remove, name="recommender_remove"),
    path("setup/calls/<int:pk>/review-scheme/", views_deciding.review_scheme, name="review_scheme"),
    path("officer/bulk/", views_deciding.officer_bulk, name="officer_bulk"),
    path("recommend/", views_deciding.recommend_queue, name="recommend_queue"),
    path("calls/<int:pk>/decision/", views_deciding.call_decision, name="call_decision"),
    path("calls/<int:pk>/decision/collect/", views_deciding.call_review_collect, name="call_review_collect"),
    path("calls/<int:pk>/decision/fund/", views_deciding.call_fund, name="call_fund"),
    path(
        "calls/<int:pk>/decision/publicity/", views_deciding.call_publicity_start, name="call_publicity_start"
    ),
    path("calls/<int:pk>/decision/issue/", views_deciding.call_issue, name="call_issue"),
    path("calls/<int:pk>/publicity/", views_deciding.call_publicity, name="call_publicity"),
    path(
        "calls/<int:pk>/publicity/<int:app>/object/", views_deciding.objection_lodge, name="objection_lodge"
    ),
    path(
        "applications/<int:pk>/objections/<int:objection>/answer/",
        views_deciding.objection_answer,
        name="objection_answer",
    ),
    path("expert/", views_deciding.expert_tasks, name="expert_tasks"),
    path("expert/applications/<int:pk>/", views_deciding.expert_application, name="expert_application"),
]
