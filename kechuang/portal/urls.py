"""The site's root pages: the portal's home page and audit log, and the kernel's notification inbox.

The URL names keep the ``core:`` namespace they had before the portal app existed (``core:home``,
``core:audit_list``, ``core:notification_list`` …): templates, settings and tests of every app use them.
"""

from django.urls import path

from kechuang.core import urls as kernel_urls
from kechuang.portal import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit_list"),
    *kernel_urls.urlpatterns,
]
