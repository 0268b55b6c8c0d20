"""The project's URLs plus one view that fails, to see the 500 page the way a real bug shows it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("platform-test/broken", broken), *project_urlpatterns]
