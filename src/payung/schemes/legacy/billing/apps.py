from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Only the migrations of the former `billing` app, so databases made before the move to `schemes`
    migrate forward (its tables now belong to `schemes`; see schemes/migrations/0001_initial.py)."""

    name = "payung.schemes.legacy.billing"
    label = "billing"
