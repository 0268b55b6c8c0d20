from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "lianyi.gatherings"
    label = "gatherings"
