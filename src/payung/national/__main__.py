"""`python -m payung.national` = `payung-national`."""

import sys

from payung.national.cli import main

sys.exit(main())
