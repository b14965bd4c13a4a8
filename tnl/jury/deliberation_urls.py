"""The jury pages: deliberation (see urls.py)."""

urlpatterns = []
