"""Entry point of the frozen app: the same start as the `casustafel` console script.

`casustafel.launch` installs the Ctrl-C handling before the heavy imports.
"""

from casustafel.launch import main

main()
