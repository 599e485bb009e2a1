"""Importers of measurements, registered with `concord import <kind> FILE`."""

# The registry of importers lists these too; loading it first lets either side be imported first.
import concord.organisations.importers  # noqa: F401, I001

from .measurements_csv import MeasurementsCsvImporter
from .qof_prevalence import QofPrevalenceImporter

__all__ = ["MeasurementsCsvImporter", "QofPrevalenceImporter"]
