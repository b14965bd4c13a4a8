"""The jury pages: console (see urls.py)."""

urlpatterns = []
