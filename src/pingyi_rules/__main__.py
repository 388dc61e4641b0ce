"""`python -m pingyi_rules` runs the CLI."""

from ._cli import main

main()
