"""`python -m service.cli ...`, the same as `rota ...`."""

import sys

from . import main

sys.exit(main())
