"""register-audit: audit a register of public services for the human services it leaves out."""

__version__ = "0.1.0"
