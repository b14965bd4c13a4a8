"""The jury's pages, one module of routes per part of the work (`<area>_urls.py`).

Organiser pages live under /organisation/editions/<year>/jury/…, a jury member's under
/jury/<year>/…; the candidate answers clarifications from their dossier (/dossiers/<pk>/…).
"""

from . import (
    assignment_urls,
    calibration_urls,
    clarification_urls,
    console_urls,
    deliberation_urls,
    outbox_urls,
    review_urls,
)

app_name = "jury"

urlpatterns = [
    *console_urls.urlpatterns,
    *assignment_urls.urlpatterns,
    *calibration_urls.urlpatterns,
    *review_urls.urlpatterns,
    *clarification_urls.urlpatterns,
    *deliberation_urls.urlpatterns,
    *outbox_urls.urlpatterns,
]
