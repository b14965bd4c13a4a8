from django.conf import settings


def platform(request):
    return {
        "LABEL_NAME": settings.TNL_LABEL_NAME,
        "ORGANISER_NAME": settings.TNL_ORGANISER_NAME,
        "SOURCE_URL": settings.TNL_SOURCE_URL,
    }
