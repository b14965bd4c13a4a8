from django.urls import path

from . import membership_views, views

app_name = "territories"
urlpatterns = [
    path("territoires/", views.search, name="search"),
    # Before the <kind>/<code>/ pattern, which would otherwise read it as a body.
    path("territoires/organismes/nouveau/", views.create_other, name="create_other"),
    path("territoires/<str:kind>/<str:code>/", views.detail, name="detail"),
    path("territoires/<str:kind>/<str:code>/parametres/", views.edit_settings, name="edit_settings"),
    # Memberships: who acts for a body.
    path("mes-organismes/", membership_views.my_bodies, name="my_bodies"),
    path("territoires/<str:kind>/<str:code>/rejoindre/", membership_views.join, name="join"),
    path("territoires/<str:kind>/<str:code>/membres/", membership_views.members, name="members"),
    path(
        "territoires/<str:kind>/<str:code>/membres/<int:pk>/confirmer/",
        membership_views.confirm,
        name="confirm_membership",
    ),
    path(
        "territoires/<str:kind>/<str:code>/membres/<int:pk>/refuser/",
        membership_views.decline,
        name="decline_membership",
    ),
    path("territoires/<str:kind>/<str:code>/membres/<int:pk>/role/", membership_views.change_role, name="change_role"),
    path("territoires/<str:kind>/<str:code>/membres/<int:pk>/quitter/", membership_views.leave, name="leave"),
    path("invitations/<str:token>/", membership_views.invitation, name="invitation"),
    path("organisation/adhesions/", membership_views.membership_requests, name="membership_requests"),
]
