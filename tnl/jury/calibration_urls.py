"""The jury pages: calibration (see urls.py)."""

from django.urls import path

from . import calibration_views as views

urlpatterns = [
    path("organisation/editions/<int:year>/jury/calibrage/", views.calibration_samples, name="calibration_samples"),
    path("organisation/editions/<int:year>/jury/calibrage/ajouter/", views.calibration_add, name="calibration_add"),
    path(
        "organisation/editions/<int:year>/jury/calibrage/distribuer/", views.calibration_sync, name="calibration_sync"
    ),
    path(
        "organisation/editions/<int:year>/jury/calibrage/<int:pk>/retirer/",
        views.calibration_remove,
        name="calibration_remove",
    ),
    path(
        "organisation/editions/<int:year>/jury/calibrage/notes/",
        views.calibration_note_choose,
        name="calibration_note_choose",
    ),
    path(
        "organisation/editions/<int:year>/jury/calibrage/notes/<str:code>/",
        views.calibration_note,
        name="calibration_note",
    ),
    path("jury/<int:year>/calibrage/", views.calibration, name="calibration"),
]
