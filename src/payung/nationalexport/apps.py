from django.apps import AppConfig


class NationalExportConfig(AppConfig):
    name = "payung.nationalexport"
    verbose_name = "Paket nasional"
