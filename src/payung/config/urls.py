from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from payung.core.views import home
from payung.schemes.urls import bill_urls, membership_urls, scheme_urls

urlpatterns = [
    path("", home, name="home"),
    path("akun/token/", include("payung.api.screen_urls")),
    path("akun/", include("payung.accounts.urls")),
    path("jejak/", include("payung.accounts.trail_urls")),
    path("wilayah/", include("payung.core.region_urls")),
    path("pekerja/", include("payung.registry.urls")),
    path("iuran/", include("payung.tariffs.urls")),
    path("skema/", include(scheme_urls)),
    path("kepesertaan/", include(membership_urls)),
    path("tagihan/", include(bill_urls)),
    path("cakupan/", include("payung.coverage.urls")),
    path("impor/", include("payung.imports.urls")),
    path("klaim/", include("payung.claims.urls")),
    path("agen/", include("payung.agents.urls")),
    path("laporan/", include("payung.reports.urls")),
    path("api/", include("payung.api.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page links; answer with the SVG instead of a 404.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

handler403 = "payung.core.views.permission_denied"
handler404 = "payung.core.views.page_not_found"
