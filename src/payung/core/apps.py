from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pieces that belong to no single capability (translations)."""

    name = "payung.core"
    verbose_name = "Inti"
