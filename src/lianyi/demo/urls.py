"""Mounted under ``bench/`` only when DEBUG is on or LIANYI_BENCH=1 (see config/urls.py)."""

from django.urls import path

from lianyi.demo import views

app_name = "demo"
urlpatterns = [path("ping", views.ping, name="ping")]
