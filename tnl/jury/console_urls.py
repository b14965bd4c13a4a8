"""The jury pages: console (see urls.py). The organiser's console of an edition and its
deadline reminders sit next to the edition's own pages."""

from django.urls import path

from . import console_views

urlpatterns = [
    path("organisation/editions/<int:year>/console/", console_views.console, name="console"),
    path("organisation/editions/<int:year>/console/export.csv", console_views.console_export, name="console_export"),
    path("organisation/editions/<int:year>/console/answers.csv", console_views.answers_export, name="answers_export"),
    path("organisation/editions/<int:year>/rappels/", console_views.reminders, name="reminders"),
]
