from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from payung.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("akun/", include("payung.accounts.urls")),
    path("jejak/", include("payung.accounts.trail_urls")),
    path("wilayah/", include("payung.regions.urls")),
    path("pekerja/", include("payung.registry.urls")),
    path("iuran/", include("payung.tariffs.urls")),
    path("skema/", include("payung.funding.urls")), path("kepesertaan/", include("payung.enrolment.urls")), path("tagihan/", include("payung.billing.urls")),
    path("cakupan/", include("payung.coverage.urls")),
    path("impor/", include("payung.imports.urls")),
    path("api/", include("payung.api.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
