from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "payung.regions"
    verbose_name = "Wilayah"
