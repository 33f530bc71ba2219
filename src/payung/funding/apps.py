from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "payung.funding"
    verbose_name = "Skema pendanaan"
