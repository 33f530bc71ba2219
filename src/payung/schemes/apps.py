from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "payung.schemes"
    verbose_name = "Skema, kepesertaan dan tagihan"

    def ready(self):
        from payung.registry.sections import register_worker_section

        from .worker_section import memberships_section

        # The worker page (registry, below) shows the person's memberships without importing schemes.
        register_worker_section("memberships", memberships_section)
