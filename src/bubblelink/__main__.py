"""``python -m bubblelink`` runs the CLI."""

from bubblelink.cli.app import main

main()
