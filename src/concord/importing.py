"""Every importer of a published file, by the name used on the command line:
`concord import <kind> FILE`.

The one registry of importers sits above the apps that own them (the registry's NHS files,
indicators' measurements, contracts and KPIs), so none of them imports another's importers;
the `concord import` command, the background jobs and the imports page and API read it here."""

from concord.contracts.importers.contracts_csv import ContractsCsvImporter
from concord.contracts.importers.kpis_csv import KpisCsvImporter
from concord.indicators.importers.measurements_csv import MeasurementsCsvImporter
from concord.indicators.importers.qof_prevalence import QofPrevalenceImporter
from concord.organisations.importers.base import Importer, ImportFailed
from concord.organisations.importers.eccg import CommissionerImporter
from concord.organisations.importers.epcn import PCNImporter
from concord.organisations.importers.epraccur import EpraccurImporter
from concord.organisations.importers.etr import TrustImporter
from concord.organisations.importers.gpreg import RegisteredPatientsImporter
from concord.organisations.importers.qofmap import GeographyMapImporter

IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        EpraccurImporter,
        TrustImporter,
        CommissionerImporter,
        PCNImporter,
        RegisteredPatientsImporter,
        GeographyMapImporter,
        MeasurementsCsvImporter,
        QofPrevalenceImporter,
        ContractsCsvImporter,
        KpisCsvImporter,
    )
}

__all__ = ["IMPORTERS", "ImportFailed", "Importer"]
