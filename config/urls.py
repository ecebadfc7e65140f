"""Top-level URL configuration: pages per app, the versioned API and its schema."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from kechuang.core.api import api_not_found

api_v1 = [
    path("", include("kechuang.accounts.api.urls")),
    path("", include("kechuang.registry.api.urls")),
    path("", include("kechuang.carriers.api.urls")),
    path("", include("kechuang.recognition.api.urls")),
    path("", include("kechuang.review.api.urls")),
    path("", include("kechuang.programs.api.urls")),
    path("", include("kechuang.market.api.urls")),
    path("", include("kechuang.policies.api.urls")),
    path("", include("kechuang.quality.api.urls")),
    path("", include("kechuang.resources.api.urls")),
    path("", include("kechuang.targets.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and Redoc served from drf-spectacular-sidecar's static files: works offline, no CDN.
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="core/api_redoc.html"),
        name="api-redoc",
    ),
    # Last: anything else under /api/v1/ is a 404 in the API's error envelope.
    re_path(r"^.*$", api_not_found),
]

urlpatterns = [
    path(settings.KECHUANG_ADMIN_PATH, admin.site.urls),  # DJANGO_ADMIN_PATH
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(api_v1)),
    re_path(r"^api/", api_not_found),  # any other /api/ path, any method: the JSON 404
    path("accounts/", include("kechuang.accounts.urls")),
    path("accounts/", include("kechuang.registry.urls_members")),
    path("registry/", include("kechuang.registry.urls")),
    path("carriers/", include("kechuang.carriers.urls")),
    path("recognition/", include("kechuang.recognition.urls")),
    path("review/", include("kechuang.review.urls")),
    path("programs/", include("kechuang.programs.urls")),
    path("market/", include("kechuang.market.urls")),
    path("policies/", include("kechuang.policies.urls")),
    path("quality/", include("kechuang.quality.urls")),
    path("resources/", include("kechuang.resources.urls")),
    path("targets/", include("kechuang.targets.urls")),
    path("", include("kechuang.ops.urls")),  # /healthz, /readyz, /metrics
    path("", include("kechuang.portal.public_urls")),  # the public site: notices, search, guides
    path("", include("kechuang.portal.urls")),  # home, audit log and the kernel's notification inbox
]

# Errors raised outside a view (in a middleware) under /api/ answer JSON too.
handler500 = "kechuang.core.api.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
