"""``python -m pagefix`` is the ``pagefix`` command."""
import sys

from .cli import main

sys.exit(main())
