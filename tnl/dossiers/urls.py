from django.urls import path

from . import evidence_urls, views

app_name = "dossiers"
urlpatterns = [
    path("dossiers/", views.mine, name="mine"),
    path("dossiers/nouveau/<str:kind>/<str:code>/", views.apply, name="apply"),
    path("dossiers/<int:pk>/", views.detail, name="detail"),
    path("dossiers/<int:pk>/axes/<str:code>/", views.axis, name="axis"),
    path("dossiers/<int:pk>/questions/<str:code>/", views.save_answer, name="save_answer"),
    path("dossiers/<int:pk>/questions/<str:code>/liens/", views.add_link, name="add_link"),
    path("dossiers/<int:pk>/justificatifs/<int:evidence_pk>/retirer/", views.remove_evidence, name="remove_evidence"),
    path("dossiers/<int:pk>/formulaire/", views.set_form, name="set_form"),
    path("dossiers/<int:pk>/deposer/", views.submit, name="submit"),
    path("dossiers/<int:pk>/rouvrir/", views.reopen, name="reopen"),
    path("dossiers/<int:pk>/reponses-publiques/", views.set_public_answers, name="set_public_answers"),
    # evidence, print and download routes
    *evidence_urls.urlpatterns,
]
