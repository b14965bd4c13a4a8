from django.urls import path

from . import laureates_views, manage_views, verify_views, views

app_name = "publication"
urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("editions/<int:year>/", views.edition, name="edition"),
    path("editions/<int:year>/criteres/", views.criteria, name="criteria"),
    path("laureats/", laureates_views.laureates_page, name="laureates"),
    # Credentials: the public verification.
    path("verifier/", verify_views.check, name="check"),
    path("verifier/<uuid:credential_id>/", verify_views.verify, name="verify"),
    # Organisers: publishing.
    path("organisation/editions/<int:year>/publication/", manage_views.manage, name="manage"),
    path("organisation/editions/<int:year>/publication/publier/", manage_views.publish, name="publish"),
    path("organisation/editions/<int:year>/publication/planifier/", manage_views.schedule, name="schedule"),
    path("organisation/editions/<int:year>/publication/annuler/", manage_views.cancel, name="cancel"),
    path("organisation/editions/<int:year>/publication/retirer/", manage_views.withdraw, name="withdraw"),
]
