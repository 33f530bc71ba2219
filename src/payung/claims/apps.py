from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "payung.claims"
    verbose_name = "Klaim dan manfaat"
