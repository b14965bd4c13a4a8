"""The jury pages: review (see urls.py). A jury member's review of one assignment lives at
/jury/<year>/evaluations/<assignment pk>/; its posts below it."""

from django.urls import path

from . import review_views

PREFIX = "jury/<int:year>/evaluations/<int:pk>/"

urlpatterns = [
    path(PREFIX, review_views.review, name="review"),
    path(PREFIX + "questions/<str:code>/", review_views.save_reading, name="review_save_reading"),
    path(PREFIX + "pieces/<int:evidence_pk>/", review_views.check_evidence, name="review_check_evidence"),
    path(PREFIX + "avis/", review_views.save_opinion, name="review_opinion"),
    path(PREFIX + "envoyer/", review_views.submit, name="review_submit"),
    path(PREFIX + "rouvrir/", review_views.reopen, name="review_reopen"),
]
