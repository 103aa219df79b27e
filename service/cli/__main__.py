"""`python -m service.cli ...`, the same as `rota ...`. Guarded, so walking the package's
modules (tests/service/test_access_gate.py imports every one) does not run the CLI."""

import sys

from service.cli import main

if __name__ == "__main__":
    sys.exit(main())
