"""Routes for evidence files, the print version, the PDF and the dossier file. Included into the
`dossiers` namespace by tnl/dossiers/urls.py."""

from django.urls import path

from . import evidence_views

urlpatterns = [
    path("dossiers/<int:pk>/questions/<str:code>/pieces/", evidence_views.evidence_upload, name="evidence_upload"),
    path("dossiers/<int:pk>/pieces/<int:evidence_pk>/", evidence_views.evidence_file, name="evidence_file"),
    path("dossiers/<int:pk>/impression/", evidence_views.print_dossier, name="print"),
    path("dossiers/<int:pk>/pdf/", evidence_views.dossier_pdf, name="pdf"),
    path("dossiers/<int:pk>/fichier/", evidence_views.download, name="download"),
]
