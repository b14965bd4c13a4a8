"""The jury pages: outbox (see urls.py)."""

from django.urls import path

from . import outbox_views as views

urlpatterns = [
    path("organisation/editions/<int:year>/jury/courriels/", views.outbox, name="outbox"),
    path("organisation/editions/<int:year>/jury/courriels/preparer/", views.prepare, name="outbox_prepare"),
    path("organisation/editions/<int:year>/jury/courriels/<int:pk>/", views.message, name="outbox_message"),
]
