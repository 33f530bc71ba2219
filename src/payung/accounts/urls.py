from django.contrib.auth import views as auth_views
from django.urls import path

from . import user_views

app_name = "accounts"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pengguna/", user_views.user_list, name="users"),
    path("pengguna/baru/", user_views.user_create_view, name="user_create"),
    path("pengguna/<int:user_id>/", user_views.user_edit_view, name="user_edit"),
    path("pengguna/<int:user_id>/status/", user_views.user_active_view, name="user_active"),
    path("pengguna/<int:user_id>/kata-sandi/", user_views.user_password_view, name="user_password"),
]
