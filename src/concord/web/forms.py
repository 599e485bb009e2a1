"""The form kit: the product's one date field, its textarea and an organisation given by its
code; and the forms of the registry's pages. Templates render them in the NHS.UK style."""

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from concord.organisations.codes import normalised
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation
from concord.organisations.names import by_name

__all__ = [
    "AsAtForm",
    "DateField",
    "DirectoryFilterForm",
    "OrganisationCodeField",
    "SignInForm",
    "Textarea",
    "date_field",
]

OPEN, CLOSED = "open", "closed"


class Textarea(forms.Textarea):
    """A textarea whose text comes back as it was shown: browsers post line breaks as CRLF, the
    product keeps them as LF, so text posted back unchanged is unchanged."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
BOX_CLASS = "nhsuk-input nhsuk-date-input__input"


class DayMonthYearInput(forms.MultiWidget):
    """The NHS.UK date input: day, month and year text boxes, named `<field>_day`, `_month`,
    `_year`, each filled from the date itself (no browser date format to misread). A plain ISO
    value under the field's own name (a link's ?as_at=2021-01-01) is read too."""

    template_name = "web/widgets/date_input.html"

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        boxes = {part: forms.TextInput(attrs=numeric) for part, *_ in DATE_PARTS}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            value = _iso_date(value) or value
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if any(part not in (None, "") for part in parts) or name not in data:
            return parts
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return id_

    def get_context(self, name, value, attrs):
        """Each box with its label and classes; the day box takes the field's id, so that the
        error summary's link lands in it. Only the missing parts are marked, if parts are
        missing; otherwise every box is."""
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        invalid = widget["attrs"].get("aria-invalid") == "true"
        field_id = widget["attrs"].pop("id", None)
        parts = value if isinstance(value, (list, tuple)) else self.decompress(value)
        empty = [not part for part in parts]
        marked = empty if invalid and any(empty) and not all(empty) else [invalid] * 3
        boxes = zip(widget["subwidgets"], DATE_PARTS, marked, strict=True)
        for box, (part, label, width), error in boxes:
            box["label"] = label
            box["attrs"]["class"] = f"{BOX_CLASS} nhsuk-input--width-{width}" + (
                " nhsuk-input--error" if error else ""
            )
            box["attrs"].pop("aria-invalid", None)
            box["attrs"].pop("aria-describedby", None)  # the fieldset carries the hint
            if field_id:
                box["attrs"]["id"] = field_id if part == "day" else f"{field_id}_{part}"
        return context


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class DateField(forms.DateField):
    """A date entered as day, month and year, checked as the NHS.UK pattern asks: a missing part
    is named ("must include a month"), an impossible date ("31 February") is not a real date."""

    widget = DayMonthYearInput

    def __init__(self, *, name: str, **kwargs):
        self.name = name
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (list, tuple)):
            return self.from_parts([(part or "").strip() for part in value])
        if value in self.empty_values:
            return None
        return _iso_date(str(value)) or self.not_real()

    def from_parts(self, parts: list[str]) -> dt.date | None:
        if not any(parts):
            return None
        named = zip(DATE_PARTS, parts, strict=True)
        missing = [label.lower() for (_, label, _), part in named if not part]
        if missing:
            raise forms.ValidationError(f"{self.name} must include a {' and a '.join(missing)}")
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            self.not_real()
        day, month, year = (int(part) for part in parts)
        try:
            return dt.date(year, month, day)
        except ValueError:
            self.not_real()

    def not_real(self):
        raise forms.ValidationError(f"{self.name} must be a real date", code="invalid")


def date_field(label: str, required: bool = True, name: str = "", **kwargs) -> DateField:
    """The product's date field; `name` is how errors speak of it (the label by default)."""
    name = name or label
    return DateField(
        name=name,
        label=label,
        required=required,
        help_text=kwargs.pop("help_text", "For example, 15 3 2021"),
        error_messages={"required": f"Enter {name[0].lower()}{name[1:]}"},
        **kwargs,
    )


class OrganisationCodeField(forms.CharField):
    """An organisation named by its ODS or local code, as commissioners know them (00Q, RXL,
    LOC-02H-1): the national registry is too long for a list to choose from, so the code is
    typed, kept as the registry keeps it, and an unknown code is the field's error. `what`
    names the organisation in the message when it is left empty."""

    def __init__(self, *, what: str | None = None, **kwargs):
        kwargs.setdefault("help_text", "Its ODS code, for example 00Q")
        kwargs.setdefault("max_length", 32)  # the registry's longest code
        if what:
            kwargs.setdefault("error_messages", {"required": f"Enter the ODS code of {what}"})
        super().__init__(**kwargs)

    def clean(self, value):
        code = normalised(super().clean(value) or "")
        if not code:
            return None
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            raise forms.ValidationError(f"No organisation has the code {code}")
        return organisation


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }


class DirectoryFilterForm(forms.Form):
    """Search and filters of the organisation directory. Every field may be left blank."""

    q = forms.CharField(required=False, label="Code, name or postcode")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Kind.choices])
    within = forms.CharField(required=False, label="Within (organisation code)")
    as_at = date_field("As at", required=False, name="The as-at date")
    status = forms.ChoiceField(
        required=False,
        label="Open or closed",
        choices=[("", "Open or closed"), (OPEN, "Open"), (CLOSED, "Closed")],
    )

    def clean_within(self) -> Organisation | None:
        code = self.cleaned_data["within"].strip().upper()
        if not code:
            return None
        try:
            return Organisation.objects.get(code=code)
        except Organisation.DoesNotExist:
            raise forms.ValidationError(f"No organisation has the code {code}") from None

    def organisations(self, today: dt.date):
        """The organisations that match, sorted by name, each with its status on the date."""
        data = self.cleaned_data
        as_at = data.get("as_at") or today
        organisations = Organisation.objects.with_status_on(as_at).search(data.get("q") or "")
        if data.get("kind"):
            organisations = organisations.of_kind(data["kind"])
        if data.get("within"):
            organisations = organisations.within(data["within"], as_at=as_at)
        if data.get("status") == OPEN:
            organisations = organisations.open_on(as_at)
        elif data.get("status") == CLOSED:
            organisations = organisations.exclude(
                pk__in=Organisation.objects.open_on(as_at).values("pk")
            )
        return organisations.order_by(*by_name("name", "code"))


class AsAtForm(forms.Form):
    as_at = date_field("Links and members as at", required=False, name="The as-at date")

    def as_at_or(self, today: dt.date) -> dt.date:
        return (self.cleaned_data.get("as_at") if self.is_valid() else None) or today
