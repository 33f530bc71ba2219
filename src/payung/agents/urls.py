from django.urls import path

from . import views

app_name = "agents"

urlpatterns = [
    path("", views.home, name="home"),
    path("daftar/", views.register, name="register"),
    path("setoran/", views.deposit, name="deposit"),
    path("peserta.xlsx", views.recruits_download, name="recruits_download"),
    path("peserta/<int:recruit_id>/iuran/", views.collect, name="collect"),
    path("tambah/", views.agent_add_view, name="add"),
    path("aturan/", views.rules, name="rules"),
    path("<str:code>/", views.agent_detail, name="detail"),
    path("<str:code>/ubah/", views.agent_change, name="change"),
]
