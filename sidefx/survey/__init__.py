"""The survey (the demo or an imported one): its numbers and its charts. A module map:

numbers  what is loaded, whether it is synthetic, who the filters leave, the prevalence runs, calibration
panels   the prevalence and withdrawal charts as records (sidefx.record.Panel)
"""
