from django.urls import path

from . import views

app_name = "help"
urlpatterns = [
    path("aide/", views.index, name="index"),
    path("aide/<slug:slug>/", views.guide, name="guide"),
]
