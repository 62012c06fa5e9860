"""`python -m scrapers …`: see scrapers/cli.py."""
import sys

from scrapers.cli import main

if __name__ == "__main__":  # replay's worker processes import this module again: they must not run the CLI
    sys.exit(main())
