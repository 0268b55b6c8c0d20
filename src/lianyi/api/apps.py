from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lianyi.api"
    label = "api"
