"""Run the command-line interface as `python -m register_audit`."""

from register_audit.cli import main

raise SystemExit(main())
