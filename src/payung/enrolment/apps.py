from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "payung.enrolment"
    verbose_name = "Kepesertaan"
