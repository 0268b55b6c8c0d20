from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lianyi.core"
    label = "core"
