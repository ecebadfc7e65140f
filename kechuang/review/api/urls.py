from django.urls import path

from kechuang.review.api import views

urlpatterns = [
    path("review/assignments/", views.MyAssignmentsApi.as_view(), name="review-assignments"),
    path("review/assignments/<int:pk>/scores/", views.ScoreSubmitApi.as_view(), name="review-score-submit"),
]
