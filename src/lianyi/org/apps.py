from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lianyi.org"
    label = "org"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from lianyi.org.signals import audit_lockout

        user_locked_out.connect(audit_lockout, dispatch_uid="lianyi.org.audit_lockout")
