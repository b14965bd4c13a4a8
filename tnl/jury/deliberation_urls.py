"""The jury pages: deliberation (see urls.py)."""

from django.urls import path

from . import deliberation_views as views

urlpatterns = [
    path("jury/<int:year>/deliberation/", views.table, name="deliberation"),
    path(
        "organisation/editions/<int:year>/jury/deliberation/<int:pk>/",
        views.decision,
        name="deliberation_decision",
    ),
]
