"""URL map: the pages of each app, the API under /api/v1/, and the admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from chidao.api.api import api, not_found
from chidao.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    re_path(r"^api/", not_found),  # after every API route: JSON 404 for the rest
    path("django-admin/", admin.site.urls),
    path("accounts/", include("chidao.accounts.urls")),
    path("units/", include("chidao.units.urls")),
    path("documents/", include("chidao.documents.urls")),
    path("tasks/", include("chidao.tasks.urls")),
    path("indicators/", include("chidao.indicators.urls")),
    path("reporting/", include("chidao.reporting.urls")),
    path("notifications/", include("chidao.notifications.urls")),
    path("", include("chidao.core.urls")),
    path("", include("chidao.dashboard.urls")),
]

handler400 = "chidao.core.views.bad_request"
handler403 = "chidao.core.views.permission_denied"
handler404 = "chidao.core.views.page_not_found"
handler500 = "chidao.core.views.server_error"
