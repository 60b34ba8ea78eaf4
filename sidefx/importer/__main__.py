"""python -m sidefx.importer FILE --name NAME [...]: see sidefx/importer/command.py."""

import sys

from sidefx.importer import command

sys.exit(command.main())
