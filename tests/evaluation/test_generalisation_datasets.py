"""The generalisation bench finds the public datasets the way the evaluation suite does (not only beside the repo)."""

from pathlib import Path

from bench.generalisation_bench import datasets_dir, rgb_corpus


def test_the_environment_variable_names_the_datasets_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_DATASETS", str(tmp_path))
    assert datasets_dir() == tmp_path
    assert rgb_corpus(tmp_path / "work", 2) is None  # no rgb/to_eval.py there: skipped, not a crash


def test_without_the_variable_an_existing_shared_folder_is_found(monkeypatch):
    monkeypatch.delenv("ADVISOR_DATASETS", raising=False)
    found = datasets_dir()
    assert (found / "rgb" / "to_eval.py").is_file(), f"no datasets under {found}"
    assert found != Path("/tmp/lead/shared/datasets")
