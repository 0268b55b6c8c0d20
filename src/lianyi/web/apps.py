from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lianyi.web"
    label = "web"
