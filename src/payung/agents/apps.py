from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "payung.agents"
    verbose_name = "Agen Perisai"
