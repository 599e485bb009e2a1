"""Inputs and expected results from PHEindicatormethods' own test workbook, as published.

Source: ukhsa-collaboration/PHEindicatormethods, tests/testthat/testdata_DSR_ISR.xlsx, commit
093fd288d8f8949dbcfbed70049dbbf385b6141d, read with its loader data-raw/LoadTestdata.R and used by
tests/testthat/testDSRs.R, testISRatios.R and testISRates.R:

- sheet `testdata_multiarea`: three areas of 19 age bands (count, pop); `testdata_tiny` has an
  empty count cell in its 10-14 band, which the package counts as 0.
- sheet `refdata`: the reference counts and populations for the same 19 bands.
- sheet `testdata_err2`: Area1 has a population of 0 in its 5-9 band (it contributes nothing).
- sheet `testresults_DSR`, rows 5-7: the DSRs per 100,000 of `testdata_multiarea` on ESP 2013.
- sheet `testresults_ISR`, rows 1-16: the ISRs and SMRs of `testdata_multiarea` and
  `testdata_err2` against `refdata`.

The workbook labels the twelfth band "55-69" (for 55-59); it is kept as published.
"""

# fmt: off
WORKBOOK = (
    "ukhsa-collaboration/PHEindicatormethods tests/testthat/testdata_DSR_ISR.xlsx "
    "@ 093fd288d8f8949dbcfbed70049dbbf385b6141d"
)
AGE_BANDS = ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
             "45-49", "50-54", "55-69", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89",
             "90+")
POPULATION = (636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288,
              153, 123, 207)
COUNTS = {  # testdata_multiarea; None is the workbook's empty cell
    "testdata_big": (127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91),
    "testdata_small": (12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4),
    "testdata_tiny": (0, 0, None, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3),
}
REFERENCE_COUNTS = (10303, 2824, 0, 3615, 3641, 3490, 3789, 3213, 3031, 2771, 3089, 3490, 3595,
                    4745, 5514, 7125, 5694, 6210, 5757)
REFERENCE_POPULATION = (50520, 57173, 60213, 54659, 44345, 50128, 62163, 67423, 62899, 55463,
                        60479, 49974, 44140, 40888, 37239, 30819, 18136, 15325, 13918)
ERR2 = {  # testdata_err2: (counts, populations); Area1 has no population aged 5-9
    "Area1": (COUNTS["testdata_big"], (636, 0, *POPULATION[2:])),
    "Area2": (COUNTS["testdata_small"], POPULATION),
}

# testresults_DSR rows 5-7 (dsr per 100000): value, lower95_0cl, upper95_0cl, lower99_8cl,
# upper99_8cl; testdata_tiny has fewer than 10 events, so no value ("dsr NA for total count < 10").
DSR_PER_100000 = {
    "testdata_big": (10430.247991469423, 9717.709067985681, 11178.94091547925,
                     9323.287880219903, 11620.595999522058),
    "testdata_small": (1103.212025300104, 877.455767536709, 1367.0882227251795,
                       763.6420357939879, 1530.0328948244762),
    "testdata_tiny": (None, None, None, None, None),
}

# testresults_ISR: (area, statistic) -> (observed, expected, reference rate, value, lower95_0cl,
# upper95_0cl, lower99_8cl, upper99_8cl, method). The err2 rows (Area1, Area2) carry 95% only.
ISR_RESULTS = {
    ("testdata_big", "rate per 100000"): (895, 835.8835612311743, 9349.88309221102,
        10011.137622091057, 9365.91600297888, 10689.097582910616, 9008.7578618655,
        11089.02718538338, "Byars"),
    ("testdata_small", "rate per 100000"): (91, 835.8835612311743, 9349.88309221102,
        1017.8922051511577, 819.521002506463, 1249.75926013832, 719.5132903528245,
        1392.9381508991678, "Byars"),
    ("testdata_tiny", "rate per 100000"): (9, 835.8835612311743, 9349.88309221102,
        100.6706576523123, 46.03303513307893, 191.10426659054028, 27.43190862554234,
        253.4369635219236, "Exact"),
    ("testdata_big", "rate per 1000"): (895, 835.8835612311743, 93.49883092211019,
        100.11137622091056, 93.6591600297888, 106.89097582910615, 90.087578618655,
        110.8902718538338, "Byars"),
    ("testdata_small", "rate per 1000"): (91, 835.8835612311743, 93.49883092211019,
        10.178922051511577, 8.19521002506463, 12.497592601383202, 7.195132903528244,
        13.929381508991677, "Byars"),
    ("testdata_tiny", "rate per 1000"): (9, 835.8835612311743, 93.49883092211019,
        1.006706576523123, 0.4603303513307893, 1.9110426659054027, 0.2743190862554234,
        2.5343696352192358, "Exact"),
    ("testdata_big", "ratio x 1"): (895, 835.8835612311743, None, 1.0707232939020275,
        1.0017147712553987, 1.143233287249895, 0.9635155619614437, 1.1860070415876287,
        "Byars"),
    ("testdata_small", "ratio x 1"): (91, 835.8835612311743, None, 0.10886683770400503,
        0.08765040101829405, 0.1336657632841891, 0.07695425528392111, 0.14897920510466744,
        "Byars"),
    ("testdata_tiny", "ratio x 1"): (9, 835.8835612311743, None, 0.010767049882813684,
        0.004923380825095776, 0.02043921455549973, 0.0029339306550682617, 0.02710589651469021,
        "Exact"),
    ("testdata_big", "ratio x 100"): (895, 835.8835612311743, None, 107.07232939020275,
        100.17147712553987, 114.3233287249895, 96.35155619614437, 118.60070415876287,
        "Byars"),
    ("testdata_small", "ratio x 100"): (91, 835.8835612311743, None, 10.886683770400502,
        8.765040101829404, 13.366576328418912, 7.695425528392111, 14.897920510466744,
        "Byars"),
    ("testdata_tiny", "ratio x 100"): (9, 835.8835612311743, None, 1.0767049882813684,
        0.4923380825095776, 2.043921455549973, 0.2933930655068262, 2.710589651469021,
        "Exact"),
    ("Area1", "rate per 100000"): (895, 808.3217400918253, 9349.88309221102, 10352.493261629017,
        9685.271141999323, 11053.570021432142, None, None, "Byars"),
    ("Area2", "rate per 100000"): (91, 835.8835612311743, 9349.88309221102, 1017.8922051511577,
        819.521002506463, 1249.75926013832, None, None, "Byars"),
    ("Area1", "ratio x 100"): (895, 808.3217400918253, None, 110.72323749430866,
        103.58708281676485, 118.22147841228508, None, None, "Byars"),
    ("Area2", "ratio x 100"): (91, 835.8835612311743, None, 10.886683770400502,
        8.765040101829404, 13.366576328418912, None, None, "Byars"),
}
# fmt: on


def area_bands(area: str) -> list[dict]:
    """One area of testdata_multiarea as CSV rows for `concord stats` (an empty cell stays empty),
    with the reference figures of refdata alongside."""
    counts = COUNTS[area]
    return [
        {
            "area": area,
            "age_band": band,
            "events": "" if count is None else count,
            "population": population,
            "reference_events": ref_count,
            "reference_population": ref_population,
        }
        for band, count, population, ref_count, ref_population in zip(
            AGE_BANDS, counts, POPULATION, REFERENCE_COUNTS, REFERENCE_POPULATION, strict=True
        )
    ]
