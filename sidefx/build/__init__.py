"""The demo data folder, data/*.parquet, made from data/sources/ and the generator (``python -m sidefx.build``). A module map:

folders      writes a data folder: reference tables, the demo survey, its dataset record, its cubes; the command line;
             replacing (a folder filled beside its target, renamed into place when complete), used by every import
demo         the seeded generator of the synthetic demo survey: draws respondents, writes the three tables in chunks
calibration  the demo's log-odds per cell, solved by iterative proportional fitting to the published targets
assumptions  everything in the demo that is not calibrated to a published figure (mixes, fixed terms), named
"""
