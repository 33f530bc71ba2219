from django.apps import AppConfig


class FundingConfig(AppConfig):
    """Only the migrations of the former `funding` app, so databases made before the move to `schemes`
    migrate forward (its tables now belong to `schemes`; see schemes/migrations/0001_initial.py)."""

    name = "payung.schemes.legacy.funding"
    label = "funding"
