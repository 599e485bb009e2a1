"""NHS file importers, by the name used on the command line: `concord import <kind> FILE`."""

from concord.contracts.importers.contracts_csv import ContractsCsvImporter
from concord.contracts.importers.kpis_csv import KpisCsvImporter
from concord.indicators.importers.measurements_csv import MeasurementsCsvImporter
from concord.indicators.importers.qof_prevalence import QofPrevalenceImporter

from .base import Importer, ImportFailed
from .eccg import CommissionerImporter
from .epcn import PCNImporter
from .epraccur import EpraccurImporter
from .etr import TrustImporter
from .gpreg import RegisteredPatientsImporter
from .qofmap import GeographyMapImporter

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
