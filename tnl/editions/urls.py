from django.urls import path

from . import views

app_name = "editions"
urlpatterns = [
    path("organisation/editions/", views.edition_list, name="list"),
    path("organisation/editions/nouvelle/", views.edition_create, name="create"),
    path("organisation/editions/<int:year>/", views.edition_detail, name="detail"),
    path("organisation/editions/<int:year>/dates/", views.edition_dates, name="dates"),
    path("organisation/editions/<int:year>/actions/<slug:action>/", views.edition_action, name="action"),
    path("organisation/editions/<int:year>/retablir/<int:entry>/", views.edition_undo, name="undo"),
    path("organisation/editions/<int:year>/referentiel/", views.referential_detail, name="referential"),
    path("organisation/editions/<int:year>/referentiel/import/", views.referential_import, name="referential_import"),
    path("organisation/editions/<int:year>/referentiel/differences/", views.referential_diff, name="referential_diff"),
    path(
        "organisation/editions/<int:year>/referentiel/export.<str:fmt>",
        views.referential_export,
        name="referential_export",
    ),
    path(
        "organisation/editions/<int:year>/referentiel/axes/<str:axis_code>/",
        views.referential_axis_texts,
        name="axis_texts",
    ),
]
