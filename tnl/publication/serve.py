"""Django's answer for the published files when no web server stands in front (`make run`, the
embedded setup): the same lookup as deploy/nginx.conf's `try_files $uri $uri/index.html @django`."""

import mimetypes
from pathlib import Path

from django.http import FileResponse, HttpResponsePermanentRedirect

from .site import current_folder

# Types the standard library does not know or gets wrong.
TYPES = {
    ".jwt": "application/vc+jwt",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".csv": "text/csv; charset=utf-8",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def published_file(url_path):
    """The file of the current build answering `url_path`, or None. Never outside the folder."""
    folder = current_folder()
    if folder is None or "\x00" in url_path:
        return None
    relative = url_path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    target = (folder / relative).resolve()
    if folder not in target.parents or not target.is_file():
        return None
    return target


class PublishedFilesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path != "/":
            response = self.serve(request.path)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def serve(path):
        target = published_file(path)
        if target is None:
            # A folder asked without its final slash, as nginx answers it: a redirect.
            if not path.endswith("/") and published_file(path + "/") is not None:
                return HttpResponsePermanentRedirect(path + "/")
            return None
        suffix = Path(target).suffix
        content_type = TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        response = FileResponse(open(target, "rb"), content_type=content_type)  # noqa: SIM115  (closed by Django)
        response["Cache-Control"] = "public, max-age=300"
        response["Access-Control-Allow-Origin"] = "*"  # open data, badges and credentials are for reuse
        return response
