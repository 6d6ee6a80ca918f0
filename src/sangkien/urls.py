from django.contrib import admin
from django.urls import include, path

from sangkien.api.main import api
from sangkien.core import views as core_views

admin.site.site_header = "Sáng Kiến"
admin.site.site_title = "Sáng Kiến"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("sangkien.accounts.urls")),
    path("initiatives/", include("sangkien.initiatives.urls")),
    path("demands/", include("sangkien.initiatives.demand_urls")),
    path("registry/", include("sangkien.registry.urls")),
    path("calls/", include("sangkien.review.urls")),
    path("search/", include("sangkien.matching.urls")),
    path("operations/", include("sangkien.ioc.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
