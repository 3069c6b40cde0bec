"""`python -m bot <command>`: see `python -m bot --help`."""

import gc
import sys

# Importing the commands makes objects by the tens of thousands and frees almost none: the
# cyclic collector would walk them again and again (about a tenth of `run`'s imports).
gc.disable()
try:
    from bot.cli import main
finally:
    gc.enable()

sys.exit(main())
