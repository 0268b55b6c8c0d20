from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "lianyi.oversight"
    label = "oversight"
