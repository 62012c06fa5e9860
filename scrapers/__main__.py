"""`python -m scrapers …`: see scrapers/cli.py."""
import sys

from scrapers.cli import main

sys.exit(main())
