from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    """Only the migrations of the former `enrolment` app, so databases made before the move to `schemes`
    migrate forward (its tables now belong to `schemes`; see schemes/migrations/0001_initial.py)."""

    name = "payung.schemes.legacy.enrolment"
    label = "enrolment"
