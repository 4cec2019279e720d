import sys

from ftui.cli import main

sys.exit(main())
