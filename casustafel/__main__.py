"""`python -m casustafel` runs the same command as the `casustafel` script."""

from casustafel.launch import main

main()
