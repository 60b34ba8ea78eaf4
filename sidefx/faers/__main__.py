"""python -m sidefx.faers FILE ... [--out DIR], or --sample [--if-missing]: see sidefx/faers/importer.py."""

import sys

from sidefx.faers import importer

sys.exit(importer.main())
