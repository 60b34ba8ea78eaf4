"""python -m sidefx.build [--respondents N] [--out DIR]: see sidefx/build/folders.py."""

from sidefx.build import folders

folders.main()
