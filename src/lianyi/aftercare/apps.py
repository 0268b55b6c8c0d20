from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "lianyi.aftercare"
    label = "aftercare"
