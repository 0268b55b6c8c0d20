from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lianyi.org"
    label = "org"

    def ready(self) -> None:
        # Signals are connected once the app registry is ready: org.signals imports models.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from lianyi.org.signals import audit_lockout, forgive_own_failures

        user_locked_out.connect(audit_lockout, dispatch_uid="lianyi.org.audit_lockout")
        user_logged_in.connect(forgive_own_failures, dispatch_uid="lianyi.org.forgive_failures")
