from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "payung.accounts"
    verbose_name = "Akun"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_idle_clock

        # Django announces a login only by this signal (it updates last_login the same way); the
        # idle clock starts with the session that the login writes anyway.
        user_logged_in.connect(start_idle_clock, dispatch_uid="payung.start_idle_clock")
