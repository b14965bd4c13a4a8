"""The jury pages: assignment (see urls.py)."""

urlpatterns = []
