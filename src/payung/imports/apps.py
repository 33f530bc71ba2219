from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "payung.imports"
    verbose_name = _("Impor daftar pekerja")
    default_auto_field = "django.db.models.BigAutoField"
