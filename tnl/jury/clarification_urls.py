"""The jury pages: clarification (see urls.py).

- jury:clarifications — /jury/<year>/dossiers/<dossier pk>/precisions/: the jury's thread page
  of a dossier (read: jury.see_dossier; ask: jury.clarify).
- jury:close_clarification — POST, close one question (its asker or an organiser).
- jury:clarification — /dossiers/<dossier pk>/precisions/<clarification pk>/: the candidate's
  page of one question, where the body's members answer (jury.answer_clarification).
"""

from django.urls import path

from . import clarification_views as views

urlpatterns = [
    path("jury/<int:year>/dossiers/<int:pk>/precisions/", views.clarifications, name="clarifications"),
    path(
        "jury/<int:year>/dossiers/<int:pk>/precisions/<int:clarification_pk>/clore/",
        views.close,
        name="close_clarification",
    ),
    path("dossiers/<int:pk>/precisions/<int:clarification_pk>/", views.clarification, name="clarification"),
]
