"""`python -m pingyi_rules` runs the CLI."""

from .cli import main

main()
