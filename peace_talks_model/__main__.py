"""`python -m peace_talks_model` runs the `peace-talks` command line."""

from peace_talks_model.cli import main

main()
