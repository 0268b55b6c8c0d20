from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "lianyi.journey"
    label = "journey"
