"""The jury pages: members, conflicts of interest and assignment (see urls.py)."""

from django.urls import path

from . import assignment_views as views

ORGANISER = "organisation/editions/<int:year>/jury/"

urlpatterns = [
    path(f"{ORGANISER}membres/", views.members, name="members"),
    path(f"{ORGANISER}membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
    path(f"{ORGANISER}membres/<int:pk>/conflits/", views.member_conflicts, name="member_conflicts"),
    path(f"{ORGANISER}attributions/", views.assignments, name="assignments"),
    path(f"{ORGANISER}attributions/automatique/", views.assign_auto, name="assign_auto"),
    path(f"{ORGANISER}attributions/reglages/", views.jury_settings, name="jury_settings"),
    path(f"{ORGANISER}attributions/dossiers/<int:pk>/", views.assign, name="assign"),
    path(f"{ORGANISER}attributions/<int:pk>/retirer/", views.unassign, name="unassign"),
    path("jury/<int:year>/", views.home, name="home"),
    path("jury/<int:year>/conflits/", views.conflicts, name="conflicts"),
]
