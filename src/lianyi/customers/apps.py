from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "lianyi.customers"
    label = "customers"
