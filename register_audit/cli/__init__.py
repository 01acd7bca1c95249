"""Command-line interface: arguments in, a core call, a renderer, an exit code out."""

from __future__ import annotations

import sys

from register_audit.cli.app import app
from register_audit.errors import ExitCode

# The commands and their modules are listed in cli/lazy.py; a command's module is imported when
# that command runs.


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `register-audit` console script. A usage error (an unknown option, a
    folder where a file is expected) is one `error:` line on stderr and exit 2, like every other
    error, not click's three-line usage block."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort, Exit

    try:
        result = app(args=argv, prog_name="register-audit", standalone_mode=False)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (ExitCode.SUCCESS if code is None else ExitCode.ERROR)
    except Exit as exit_:
        return exit_.exit_code
    except NoArgsIsHelpError as error:
        error.show()
        return error.exit_code
    except ClickException as error:
        from register_audit.cli.app import err_console
        from register_audit.render.terminal import one_line

        hint = ""
        if isinstance(error, UsageError) and error.ctx is not None:
            hint = f" (see {error.ctx.command_path} -h)"
        message = one_line(" ".join(error.format_message().split())).rstrip(".")
        err_console().print(f"error: {message}{hint}.", soft_wrap=True)
        return error.exit_code
    except Abort:
        sys.stderr.write("Aborted.\n")
        return 1
    return result if isinstance(result, int) else ExitCode.SUCCESS


__all__ = ["app", "main"]
