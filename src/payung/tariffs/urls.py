from django.urls import path

from . import views

app_name = "tariffs"

urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("manfaat/", views.benefit_calculator, name="benefit"),
    path("aturan/", views.rule_table, name="rules"),
    path("aturan/tambah/", views.rule_version_create, name="rule_add"),
]
