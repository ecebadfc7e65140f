from kechuang.core.api import api_paths
from kechuang.recognition.api import schemes, views

urlpatterns = api_paths(
    "recognition/",
    "recognition-",
    [
        ("schemes/", schemes.SchemeListApi, "schemes"),
        ("schemes/<int:pk>/", schemes.SchemeDetailApi, "scheme-detail"),
        ("calls/", views.CallListApi, "calls"),
        ("applications/", views.ApplicationListApi, "applications"),
        ("applications/<int:pk>/", views.ApplicationDetailApi, "application-detail"),
        ("applications/<int:pk>/transition/", views.ApplicationTransitionApi, "application-transition"),
        ("verify/<str:code>/", views.VerifyApi, "verify"),
    ],
)
