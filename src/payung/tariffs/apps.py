from django.apps import AppConfig


class TariffsConfig(AppConfig):
    name = "payung.tariffs"
    verbose_name = "Tarif iuran dan manfaat"
