from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "payung.schemes"
    verbose_name = "Skema, kepesertaan dan tagihan"
