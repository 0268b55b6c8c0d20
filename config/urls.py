from django.urls import include, path

from lianyi.api.routes import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lianyi.web.urls")),
]
