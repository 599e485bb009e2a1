"""Input no database can take is refused at the door, for pages and the API alike.

A NUL byte in a path, query string or posted value reached PostgreSQL and was a server error
("A string literal cannot contain NUL"); a number past 64 bits in a path or a JSON body was an
OverflowError on SQLite. This middleware refuses them before any view runs:

- a control character (NUL and the others below a space, DEL, and the C1 controls U+0080 to
  U+009F, which no keyboard types but a pasted Windows-1252 file decoded wrongly does; tab, line
  feed and carriage return are allowed in values, as a textarea sends them) in the path, a query
  parameter, a posted form value or file name, or a string of a JSON body: 400, an NHS.UK page
  or, under the API, JSON naming where it was;
- an integer in a JSON body outside the 64-bit range: 422 JSON in the API's own form, naming its
  place in the body;
- an id in the path (Django's `int` converter) past 64 bits: 404, as for any id not on record.

It also keeps the API's answers JSON: a 404 from the address itself (an unknown path, a negative
id that no route matches) is `{"detail": …}` under /api/, never the HTML page."""

import json
import re

from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from concord.api.bounds import MAX_ID, in_range

API = "/api/"
IN_PATH = re.compile(r"[\x00-\x1f\x7f-\x9f]")
IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _bad_character(text: str, pattern=IN_VALUE) -> str | None:
    """The first control character in `text` as its code point (U+0000 for NUL), or None."""
    match = pattern.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def _is_api(request) -> bool:
    return request.path_info.startswith(API)


class RefuseBadInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.refusal(request)
        response = refused or self.get_response(request)
        if _is_api(request) and response.status_code == 404 and not is_json(response):
            return JsonResponse({"detail": f"Nothing is at {request.path_info}."}, status=404)
        return response

    def refusal(self, request):
        char = _bad_character(request.path_info, IN_PATH)
        if char:
            return self.refuse(
                request, f"The web address contains a character ({char}) that is not allowed."
            )
        try:
            form = self.form(request)
        except MultiPartParserError:
            return self.refuse(request, "The form sent could not be read.")
        for where, values in (("query parameter", request.GET), *form):
            for name, value in values.lists() if hasattr(values, "lists") else values:
                for text in (name, *value):
                    char = _bad_character(getattr(text, "name", text))
                    if char:
                        return self.refuse(
                            request,
                            f"The {where} {name[:40]!r} contains a character ({char}) "
                            "that is not allowed.",
                        )
        if _is_api(request) and request.content_type == "application/json" and request.body:
            return self.json_refusal(request)
        return None

    def form(self, request) -> list:
        """The posted form values and file names, for a form-encoded or multipart body."""
        if request.method != "POST" or request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return []
        request.POST  # noqa: B018 (parsed here, so a body that is not a form is refused here)
        return [("form field", request.POST), ("file field", request.FILES)]

    def json_refusal(self, request):
        try:
            body = json.loads(request.body)
        except ValueError:
            return None  # the API answers a body that is not JSON itself (400)
        for loc, value in walk(body, ["body"]):
            if isinstance(value, str):
                char = _bad_character(value)
                if char:
                    where = ".".join(str(part) for part in loc[1:]) or "body"
                    return self.refuse(
                        request,
                        f"The value of {where} contains a character ({char}) that is not allowed.",
                    )
            elif isinstance(value, int) and not isinstance(value, bool) and not in_range(value):
                msg = f"Input should be between {-MAX_ID - 1} and {MAX_ID}"
                error = {"type": "out_of_range", "loc": loc, "msg": msg}
                return JsonResponse({"detail": [error]}, status=422)
        return None

    def refuse(self, request, message: str):
        if _is_api(request):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"problem": message}, status=400)

    def process_view(self, request, view, args, kwargs):
        for name, value in kwargs.items():
            if isinstance(value, int) and not in_range(value):
                if _is_api(request):
                    return JsonResponse(
                        {"detail": f"No record has the {name} {value}."}, status=404
                    )
                raise Http404(f"No record has the {name} {value}.")
        return None


def is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def walk(value, loc: list):
    """Every key and value of a parsed JSON document, with its place in it."""
    yield loc, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield [*loc, key], key
            yield from walk(item, [*loc, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, [*loc, index])
