from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("dossiers/<int:pk>/", views.detail, name="detail"),
]
