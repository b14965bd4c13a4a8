"""The jury pages: outbox (see urls.py)."""

urlpatterns = []
