from django.contrib import admin
from django.urls import include, path

from tnl.accounts import views as accounts_views
from tnl.api import views as api_views
from tnl.api.api import api
from tnl.core import language
from tnl.publication import views as publication_views

urlpatterns = [
    path("", publication_views.home, name="home"),
    path("", include("tnl.publication.urls")),
    path("", include("tnl.territories.urls")),
    path("", include("tnl.editions.urls")),
    path("", include("tnl.dossiers.urls")),
    path("", include("tnl.jury.urls")),
    path("", include("tnl.accounts.urls")),
    path("", include("tnl.help.urls")),
    path("api/v1/docs", api_views.docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    # Before the admin's own routes: staff log in through allauth, with its rate limits.
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
