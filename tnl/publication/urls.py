from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("editions/<int:year>/", views.edition, name="edition"),
    path("editions/<int:year>/criteres/", views.criteria, name="criteria"),
]
