from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("territoires/", views.search, name="search"),
    # Before the <kind>/<code>/ pattern, which would otherwise read it as a body.
    path("territoires/organismes/nouveau/", views.create_other, name="create_other"),
    path("territoires/<str:kind>/<str:code>/", views.detail, name="detail"),
    path("territoires/<str:kind>/<str:code>/parametres/", views.edit_settings, name="edit_settings"),
]
