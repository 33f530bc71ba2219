from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "payung.billing"
    verbose_name = "Tagihan iuran"
