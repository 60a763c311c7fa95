"""``python -m evaluation.suite``: build the issue-9 corpora and stores, run the named sets, print the table.

One module per job: :mod:`.definitions` (the sets file), :mod:`.corpora` (public corpora from
``to_eval.py``), :mod:`.sets` (question slices), :mod:`.runner` (stores and ``advisor eval`` runs),
:mod:`.table` (the README-style table), :mod:`.cli` (the Typer commands).
"""
