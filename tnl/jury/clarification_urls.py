"""The jury pages: clarification (see urls.py)."""

urlpatterns = []
