from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "payung.api"
    verbose_name = "API"
