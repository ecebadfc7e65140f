from django.urls import path

from kechuang.targets import views, views_plans, views_versions

app_name = "targets"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("mine/", views.my_list, name="mine"),
    path("plans/new/", views_plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_dashboard, name="plan_dashboard"),
    path("plans/<int:pk>/publish/", views_versions.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/snapshot/", views_versions.plan_snapshot, name="plan_snapshot"),
    path("indicators/<int:pk>/revise/", views_versions.indicator_revise, name="indicator_revise"),
    path("plans/<int:pk>/tasks/new/", views_plans.task_new, name="task_new"),
    path("indicators/<int:pk>/allocations/", views_plans.indicator_allocations, name="indicator_allocations"),
    path("plans/<int:pk>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("plans/<int:pk>/indicators/import/", views_plans.indicator_import, name="indicator_import"),
    path("plans/<int:pk>/allocations/import/", views_plans.allocation_import, name="allocation_import"),
    path("plans/<int:pk>/report.xlsx", views.plan_report_xlsx, name="plan_report_xlsx"),
    path("plans/<int:pk>/report.pdf", views.plan_report_pdf, name="plan_report_pdf"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
]
