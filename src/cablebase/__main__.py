"""python -m cablebase"""

import sys

from cablebase.cli import main

sys.exit(main())
