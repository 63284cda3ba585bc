import sys

from gmpsim.cli import main

sys.exit(main())
