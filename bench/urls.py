"""The benchmarks' URLconf: the site's, plus the bare view the load figures are measured against."""

from django.urls import path

from newsdesk.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [path("bench/hello", views.hello), *site_urlpatterns]
