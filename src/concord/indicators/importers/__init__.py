"""Importers of measurements, registered with `concord import <kind> FILE`."""

from .measurements_csv import MeasurementsCsvImporter
from .qof_prevalence import QofPrevalenceImporter

__all__ = ["MeasurementsCsvImporter", "QofPrevalenceImporter"]
