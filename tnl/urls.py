from django.contrib import admin
from django.urls import include, path

from tnl.publication import views as publication_views

urlpatterns = [
    path("", publication_views.home, name="home"),
    path("", include("tnl.publication.urls")),
    path("", include("tnl.territories.urls")),
    path("", include("tnl.editions.urls")),
    path("", include("tnl.dossiers.urls")),
    path("", include("tnl.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
