from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tadamun.api.views import api
from tadamun.core.views import health

urlpatterns = [
    path("api/v1/", api.urls),
    path("data/", include("tadamun.directory.opendata_urls")),
    path("healthz", health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", include("tadamun.core.urls")),
    path("directory/", include("tadamun.directory.urls")),
    path("atlas/", include("tadamun.atlas.urls")),
    path("staff/imports/", include("tadamun.imports.urls")),
    path("staff/duplicates/", include("tadamun.duplicates.urls")),
    path("admin/", admin.site.urls),
)
