"""The kernel's pages (the notification inbox).

Mounted by ``kechuang.portal.urls``, which serves them under the ``core:`` namespace beside the home page
and the audit log.
"""

from django.urls import path

from kechuang.core import views, views_jobs

app_name = "core"
urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("jobs/<int:pk>/", views_jobs.job_detail, name="job"),
    path("jobs/<int:pk>/download/", views_jobs.job_download, name="job_download"),
]
