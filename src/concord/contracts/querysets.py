"""Domain words: Contract.objects.with_provider(org).live(), KPI.objects.unbacked()."""

import datetime as dt

from django.db import models

__all__ = ["ContractQuerySet", "KPIQuerySet"]


class ContractQuerySet(models.QuerySet):
    def with_provider(self, organisation):
        return self.filter(
            party_links__organisation=organisation, party_links__role="provider"
        ).distinct()

    def with_commissioner(self, organisation):
        return self.filter(
            party_links__organisation=organisation, party_links__role="commissioner"
        ).distinct()

    def live(self):
        return self.filter(status__in=("draft", "active"))

    def ending_between(self, first: dt.date, last: dt.date):
        return self.filter(end__gte=first, end__lte=last)

    def without_renewal_decision(self):
        return self.filter(renewal_decision__isnull=True)

    def carrying(self, commitment):
        return self.filter(kpis__commitment=commitment).distinct()


class KPIQuerySet(models.QuerySet):
    def unbacked(self):
        """KPIs with no agreement in force behind them: no commitment, or one superseded."""
        return self.filter(
            models.Q(commitment__isnull=True)
            | models.Q(commitment__agreement__superseded_by__isnull=False)
        )

    def of_provider(self, organisation):
        return self.filter(
            contract__party_links__organisation=organisation,
            contract__party_links__role="provider",
        ).distinct()

    def with_chain(self):
        """Each KPI with its indicator and the commitment → agreement → decision → meeting."""
        return self.select_related(
            "indicator",
            "contract",
            "commitment__party",
            "commitment__agreement__decision__meeting",
            "commitment__agreement__forum",
            "commitment__agreement__superseded_by",  # whether it is still in force
        )
