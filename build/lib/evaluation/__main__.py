"""``python -m evaluation ...`` is the same as ``advisor eval ...``."""

import typer

from evaluation.cli import eval_command

app = typer.Typer(add_completion=False)
app.command()(eval_command)

if __name__ == "__main__":
    app()
