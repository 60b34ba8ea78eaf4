"""The published studies: their evidence, its pooling, the notes for readers, and the forest plot. A module map:

evidence  outcome topics, each topic's estimates as forest rows (pooled diamonds, the survey's row), citations
pooling   random-effects pooling of published proportions (statsmodels), and when it is allowed
notes     the evidence for readers: estimate quotes, seed studies in context, sources and calibration tables
panels    the Study comparisons chart as a record: a topic's forest plot
"""
