import os

from django.conf import settings
from django.urls import include, path, re_path

from lianyi.api.errors import unknown_route
from lianyi.api.routes import api

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/", unknown_route),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lianyi.web.urls")),
]

# The benchmark's empty logged-in view (bench/run.py); never mounted in production.
if settings.DEBUG or os.environ.get("LIANYI_BENCH") == "1":
    urlpatterns.insert(0, path("bench/", include("lianyi.demo.urls")))
