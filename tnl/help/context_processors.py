from .pages import help_url_for


def page_help(request):
    """HELP_URL: the guide section explaining the current page (None when there is none)."""
    match = getattr(request, "resolver_match", None)
    return {"HELP_URL": help_url_for(match.view_name) if match else None}
