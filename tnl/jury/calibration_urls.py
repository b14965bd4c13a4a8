"""The jury pages: calibration (see urls.py)."""

urlpatterns = []
