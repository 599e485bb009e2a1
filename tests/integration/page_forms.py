"""Reading the pages that change things: the error summary, the main content, a redirect
followed to its confirmation; and the forms of a page read back as a browser would submit them."""

import datetime as dt
import re
from html.parser import HTMLParser


def summary(html: str) -> str:
    start = html.index("nhsuk-error-summary")
    return html[start : html.index("</ul>", start)]


def main(html: str) -> str:
    """The page's content, without the header (whose sign-out button is a form)."""
    return html[html.index("<main") :]


def followed(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def sanitised(kind: str, value: str) -> str:
    """The value a browser keeps (the HTML value sanitisation algorithm): a date input keeps
    only an ISO date, a number input only a number; anything else becomes empty."""
    if kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ""
    if kind == "number" and not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value):
        return ""
    return value


class FormReader(HTMLParser):
    """The forms of a page as a browser would submit them: each form's (name, value) pairs from
    its inputs (checked boxes and radios only, values sanitised by type), selects (the selected
    option, else the first) and textareas; submit buttons and disabled fields are left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms or "disabled" in attrs:
            return
        elif tag == "input":
            self.field(attrs)
        elif tag == "select":
            self.select = {"name": attrs.get("name"), "first": None, "chosen": None}
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea":
            self.textarea = {"name": attrs.get("name"), "text": ""}

    def field(self, attrs):
        kind = attrs.get("type", "text")
        if kind in ("submit", "button", "image", "reset", "file") or not attrs.get("name"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        default = "on" if kind in ("checkbox", "radio") else ""
        value = sanitised(kind, attrs.get("value", default))
        self.forms[-1].append((attrs["name"], value))

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self.end_option()
        elif tag == "select" and self.select is not None:
            self.end_option()
            value = self.select["chosen"] or self.select["first"]
            if self.select["name"] and value is not None:
                self.forms[-1].append((self.select["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"].removeprefix("\n")  # as browsers read it
            lines = text.replace("\r\n", "\n").replace("\r", "\n")  # and post it: CRLF
            self.forms[-1].append((self.textarea["name"], lines.replace("\n", "\r\n")))
            self.textarea = None

    def end_option(self):
        if self.option is None:
            return
        value = self.option["value"]
        value = self.option["text"].strip() if value is None else value
        self.select["first"] = value if self.select["first"] is None else self.select["first"]
        if self.option["selected"]:
            self.select["chosen"] = value
        self.option = None


def rendered_forms(html: str) -> list[list[tuple[str, str]]]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def rendered_form(html: str, having: str) -> dict[str, str | list[str]]:
    """The one form of the page that has a field named `having` (or a hidden field whose value
    it is, such as transition=amend), as the data a browser would post unchanged."""
    found = [
        form
        for form in rendered_forms(main(html))
        if any(having in (name, value) for name, value in form)
    ]
    assert len(found) == 1, f"{len(found)} forms have {having!r}"
    data: dict[str, list[str]] = {}
    for name, value in found[0]:
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def rendered_date(form: dict, name: str) -> dt.date | None:
    """The date shown in the day, month and year boxes of a date field."""
    parts = [form.get(f"{name}_{part}", "") for part in ("day", "month", "year")]
    if not any(parts):
        return None
    day, month, year = (int(part) for part in parts)
    return dt.date(year, month, day)


def submitted_as_rendered(client, url: str, having: str, **changes):
    """Reads the form from the page and posts it back unchanged, but for `changes`."""
    form = rendered_form(client.get(url).content.decode(), having)
    return client.post(url, {**form, **changes})
