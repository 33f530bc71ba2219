from django.contrib.auth import views as django_auth_views
from django.urls import path

from . import auth_views, twofactor_views, user_views

app_name = "accounts"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", django_auth_views.LogoutView.as_view(), name="logout"),
    path("verifikasi/", twofactor_views.verify, name="verify"),
    path("2fa/daftar/", twofactor_views.enrol, name="twofactor_enrol"),
    path("2fa/kode-pemulihan/", twofactor_views.recovery_renew, name="recovery_renew"),
    path("2fa/hapus/", twofactor_views.twofactor_remove, name="twofactor_remove"),
    path("keamanan/", twofactor_views.security, name="security"),
    path("kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("terkunci/", auth_views.locked_accounts, name="locked"),
    path("terkunci/buka/", auth_views.unlock_account, name="unlock"),
    path("pengguna/", user_views.user_list, name="users"),
    path("pengguna/baru/", user_views.user_create_view, name="user_create"),
    path("pengguna/petugas-bpjs/", user_views.officer_share_view, name="officer_share"),
    path("pengguna/<int:user_id>/", user_views.user_edit_view, name="user_edit"),
    path("pengguna/<int:user_id>/status/", user_views.user_active_view, name="user_active"),
    path("pengguna/<int:user_id>/kata-sandi/", user_views.user_password_view, name="user_password"),
]
