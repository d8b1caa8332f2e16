"""`python -m planner` is the `csip` command."""

import sys

from planner.cli.main import main

sys.exit(main())
