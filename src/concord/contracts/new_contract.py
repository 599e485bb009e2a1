"""The form that creates a contract: its terms, providers, and up to four commissioners, each
with its share of the annual value. It feeds `create_contract`, which decides whether the
contract is allowed (you act for a commissioner, the shares add up); the refusals it knows are
shown by the field they concern."""

from django import forms

from concord.web.forms import OrganisationCodeField, Textarea, date_field

from .forms import ContractForm, PoundsField
from .models.choices import ContractKind

__all__ = ["COMMISSIONERS", "FOR_EXAMPLE", "NewContractForm"]

COMMISSIONERS = 4
FOR_EXAMPLE = "For example, 1 4 2021"


def _share_field(n: int) -> PoundsField:
    return PoundsField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        label=f"Share of commissioner {n} in pounds a year (optional)",
        error_messages={
            "invalid": f"Enter the share of commissioner {n} in pounds, for example 250000",
            "min_value": "A share cannot be negative",
            "max_digits": "Enter a share under £1,000,000,000,000",
            "max_decimal_places": "Enter the share to the penny at most",
            "max_whole_digits": "Enter a share under £1,000,000,000,000",
        },
    )


def _commissioner_field(n: int) -> OrganisationCodeField:
    return OrganisationCodeField(
        required=n == 1,
        label=f"Commissioner {n}" + ("" if n == 1 else " (optional)"),
        what="the commissioner",
    )


class NewContractForm(ContractForm):
    reference = forms.CharField(
        max_length=60,
        label="Reference",
        help_text="For example, NHSSC-2122-001",
        error_messages={"required": "Enter the contract's reference"},
    )
    title = forms.CharField(
        max_length=255, label="Title", error_messages={"required": "Enter the contract's title"}
    )
    kind = forms.ChoiceField(
        choices=[("", "Choose a kind"), *ContractKind.choices],
        label="Kind of contract",
        error_messages={"required": "Choose the kind of contract"},
    )
    start = date_field("Starts on", name="The start date", help_text=FOR_EXAMPLE)
    end = date_field("Ends on", name="The end date", help_text="For example, 31 3 2024")
    annual_value = PoundsField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        label="Annual value in pounds (optional)",
        help_text="For example 1000000",
        error_messages={
            "invalid": "Enter the annual value in pounds, for example 1000000",
            "min_value": "The annual value cannot be negative",
            "max_digits": "Enter an annual value under £1,000,000,000,000",
            "max_decimal_places": "Enter the annual value to the penny at most",
            "max_whole_digits": "Enter an annual value under £1,000,000,000,000",
        },
    )
    providers = forms.CharField(
        label="Providers",
        help_text="Their ODS codes, separated by commas, for example RXL, RTH",
        error_messages={"required": "Enter the ODS code of at least one provider"},
    )
    description = forms.CharField(required=False, widget=Textarea, label="Description (optional)")
    REFUSALS = {
        "Only an editor holding a post": "commissioner_1",
        "There is already a contract": "reference",
        "A contract ends on or after": "end",
        "commissioners' shares add up": "share_1",
        "Give every commissioner's share": "share_1",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, COMMISSIONERS + 1):
            self.fields[f"commissioner_{n}"] = _commissioner_field(n)
            self.fields[f"share_{n}"] = _share_field(n)

    def commissioner_rows(self):
        """(commissioner, share) bound fields, one pair a row on the page."""
        return [(self[f"commissioner_{n}"], self[f"share_{n}"]) for n in self.numbers()]

    @staticmethod
    def numbers():
        return range(1, COMMISSIONERS + 1)

    def clean_providers(self):
        providers = []
        for code in self.cleaned_data["providers"].replace(",", " ").split():
            organisation = OrganisationCodeField(what="a provider").clean(code)
            if organisation not in providers:
                providers.append(organisation)
        return providers

    def clean(self):
        data = super().clean()
        for n in self.numbers():
            if data.get(f"share_{n}") is not None and not data.get(f"commissioner_{n}"):
                if f"commissioner_{n}" not in self.errors:
                    self.add_error(f"commissioner_{n}", "Enter the commissioner whose share it is")
        return data

    def commissioners(self) -> dict:
        data, by_role = self.cleaned_data, {}
        for n in self.numbers():
            if organisation := data.get(f"commissioner_{n}"):
                by_role[organisation] = data.get(f"share_{n}")
        return by_role

    def terms(self) -> dict:
        """The contract as `create_contract` takes it."""
        data = self.cleaned_data
        named = ("reference", "title", "kind", "start", "end", "annual_value", "description")
        terms = {name: data[name] for name in named}
        terms["reference"] = terms["reference"].strip()
        return {**terms, "providers": data["providers"], "commissioners": self.commissioners()}
