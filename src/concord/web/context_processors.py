"""Template defaults shared by every page."""


def navigation(request):
    """The navigation section of the page: a view may set `section`; otherwise the URL namespace
    (governance, pathways, contracts, accountability) marks the current item."""
    match = getattr(request, "resolver_match", None)
    return {"section": match.namespace} if match and match.namespace else {}
