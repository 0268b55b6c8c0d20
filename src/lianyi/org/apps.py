from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lianyi.org"
    label = "org"
