from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "payung.audit"
    verbose_name = "Jejak audit"
