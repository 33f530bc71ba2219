from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "payung.registry"
    verbose_name = "Registri pekerja"
