"""Entry point of the frozen app: the same `casustafel` command as the console script."""

from casustafel.cli import main

main()
