"""Pure statistics for indicators: no Django, no database.

Every method is defined in the project's methods notes and checked against the reference
implementation named in its tests (PHEindicatormethods, NHSRplotthedots, NHS England's SPC tools).
"""
