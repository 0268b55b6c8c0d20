from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lianyi.demo"
    label = "demo"
    verbose_name = "Demo"
