"""The public site's addresses (namespace ``portal``): announcements, search, service guides, and the
officers' announcement pages."""

from django.urls import path

from kechuang.portal import views_public as views

app_name = "portal"
urlpatterns = [
    path("portal/", views.public_home, name="public_home"),
    path("search/", views.search, name="search"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/manage/", views.notice_manage, name="notice_manage"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/transition/", views.notice_transition, name="notice_transition"),
    path("guides/", views.guide_list, name="guide_list"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide_detail"),
]
