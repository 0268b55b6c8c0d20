from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "lianyi.sales"
    label = "sales"
