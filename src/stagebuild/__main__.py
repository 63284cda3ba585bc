import sys

from stagebuild.cli import main

sys.exit(main())
