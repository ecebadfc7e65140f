from django.urls import path

from kechuang.review import views

app_name = "review"
urlpatterns = [
    path("", views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/decline/", views.assignment_decline, name="assignment_decline"),
    path("panels/<int:pk>/", views.panel_detail, name="panel_detail"),
]
