"""The jury pages: review (see urls.py)."""

urlpatterns = []
