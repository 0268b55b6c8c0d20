from django.urls import include, path

from lianyi.api.routes import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("lianyi.web.urls")),
]
