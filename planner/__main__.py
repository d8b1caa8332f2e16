"""`python -m planner` is the `csip` command."""

import sys

from planner.cli import main

sys.exit(main())
