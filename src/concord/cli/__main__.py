"""`python -m concord.cli`: the `concord` command (the worker `concord serve` starts runs so)."""

from concord.cli import main

main()
