"""The entry point of the packaged Koers (packaging/koers.spec): the same `koers` as `pip install` makes.

desktop.cli.main calls multiprocessing.freeze_support() first when frozen.
"""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
