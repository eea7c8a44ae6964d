from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tadamun.api.views import api
from tadamun.core.views import health
from tadamun.diagnostics.views import diagnostics_home

urlpatterns = [
    path("api/v1/", api.urls),
    path("data/", include("tadamun.directory.opendata_urls")),
    path("healthz", health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", include("tadamun.core.urls")),
    path("directory/", include("tadamun.directory.urls")),
    path("atlas/", include("tadamun.atlas.urls")),
    path("services/", include("tadamun.catalogue.urls")),
    path("staff/imports/", include("tadamun.imports.urls")),
    path("staff/duplicates/", include("tadamun.duplicates.urls")),
    path("accounts/", include("tadamun.accounts.urls")),
    path("people/", include("tadamun.people.urls")),
    path("documents/", include("tadamun.documents.urls")),
    path("ask/", include("tadamun.desk.public_urls")),
    path("desk/", include("tadamun.desk.urls")),
    path("staff/mechanisms/<slug:slug>/", include("tadamun.catalogue.staff_urls")),
    path("staff/mechanisms/", include("tadamun.mechanisms.urls")),
    path("staff/mechanisms/<slug:slug>/diagnostics/", include("tadamun.diagnostics.urls")),
    path("staff/diagnostics/", diagnostics_home, name="diagnostics_home"),
    path("staff/observatory/", include("tadamun.observatory.urls")),
    path("staff/audit/", include("tadamun.audit.urls")),
    path("staff/privacy/", include("tadamun.privacy.urls")),
    path("staff/cases/", include("tadamun.accompaniment.urls")),
    path("admin/", admin.site.urls),
)
