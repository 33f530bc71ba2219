from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "payung.accounts"
    verbose_name = "Akun"
