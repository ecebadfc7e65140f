from django.urls import path

from kechuang.recognition.api import schemes, views

urlpatterns = [
    path("recognition/schemes/", schemes.SchemeListApi.as_view(), name="recognition-schemes"),
    path(
        "recognition/schemes/<int:pk>/", schemes.SchemeDetailApi.as_view(), name="recognition-scheme-detail"
    ),
    path("recognition/calls/", views.CallListApi.as_view(), name="recognition-calls"),
    path("recognition/applications/", views.ApplicationListApi.as_view(), name="recognition-applications"),
    path(
        "recognition/applications/<int:pk>/",
        views.ApplicationDetailApi.as_view(),
        name="recognition-application-detail",
    ),
    path(
        "recognition/applications/<int:pk>/transition/",
        views.ApplicationTransitionApi.as_view(),
        name="recognition-application-transition",
    ),
    path("recognition/verify/<str:code>/", views.VerifyApi.as_view(), name="recognition-verify"),
]
