"""The incremental build: after a change of data files, the output equals a clean build's, byte for byte.

Each test starts from the same clean build of a 10k synthetic corpus (or of the bundled data), put
back in the same place, changes the data, builds into the same folder, and compares every file
(the state folder aside) with a clean build of the changed data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nqgraph.cli import cli
from nqgraph.corpora.synth import synthesize
from nqgraph.errors import DataError
from nqgraph.graph import query_facts
from nqgraph.graph.answer_files import materialised
from nqgraph.graph.queries import load_queries
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED
from nqgraph.paths import STATE_DIR, Inputs, project_root, state_store
from nqgraph.pipeline.build import BuildResult, build
from nqgraph.pipeline.state import MANIFEST, QUERY_FACTS, SCANS, read_query_facts
from nqgraph.runtime.atomic import wait_for_removals

TODAY = dt.date(2026, 11, 23)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` but the build state, by relative path."""
    found: dict[str, bytes] = {}
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        for name in names:
            path = Path(here) / name
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def assert_same_output(got: Path, want: Path) -> None:
    a, b = files_of(got), files_of(want)
    assert sorted(a) == sorted(b)
    differing = sorted(name for name in a if a[name] != b[name])
    assert differing == []


def graph_triples(out: Path, graph: str) -> set[tuple[str, str, str]]:
    store = ox.Store.read_only(str(state_store(out)))
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


@dataclass
class Case:
    """A data folder and the output of its clean build, put back as they were for each test."""

    root: Path
    scope: str
    inputs_of: Inputs

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def build(
        self, *, out: Path | None = None, clean: bool = False, inputs: Inputs | None = None
    ) -> BuildResult:
        return build(
            out=out or self.out,
            inputs=inputs or self.inputs_of,
            today=TODAY,
            site=self.scope != "none",
            site_scope="core" if self.scope == "none" else self.scope,
            clean=clean,
        )

    def assert_equals_clean(self) -> None:
        """The output equals a clean build of the data as it is now, and so does the state store."""
        reference = self.root / "reference"
        shutil.rmtree(reference, ignore_errors=True)
        self.build(out=reference)
        assert_same_output(self.out, reference)
        for graph in (GRAPH_ASSERTED, GRAPH_INFERRED):
            assert graph_triples(self.out, graph) == graph_triples(reference, graph)


def _prepared(root: Path, data: Path, scope: str) -> tuple[Path, Inputs]:
    """A pristine copy of ``data`` and its clean build below ``root``."""
    pristine = root / "pristine"
    shutil.copytree(data, pristine / "data")
    inputs = Inputs.default(data=root / "data")
    shutil.copytree(pristine / "data", root / "data")
    build(
        out=root / "out",
        inputs=inputs,
        today=TODAY,
        site=scope != "none",
        site_scope="core" if scope == "none" else scope,
    )
    shutil.copytree(root / "out", pristine / "out", symlinks=True)
    return pristine, inputs


def _restore(root: Path, pristine: Path) -> None:
    for name in ("data", "out", "reference"):
        shutil.rmtree(root / name, ignore_errors=True)
    shutil.copytree(pristine / "data", root / "data")
    shutil.copytree(pristine / "out", root / "out", symlinks=True)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Inputs]]:
    corpus = tmp_path_factory.mktemp("corpus") / "c10k"
    synthesize(triples=10_000, seed=3, out=corpus)
    root = tmp_path_factory.mktemp("synthetic")
    pristine, inputs = _prepared(root, corpus, "core")
    yield root, pristine, inputs


@pytest.fixture
def case(synthetic: tuple[Path, Path, Inputs]) -> Case:
    root, pristine, inputs = synthetic
    _restore(root, pristine)
    return Case(root=root, scope="core", inputs_of=inputs)


def _document_files(data: Path) -> list[Path]:
    return sorted((data / "documents").glob("*.ttl"))


def _unreferenced_document(data: Path) -> Path:
    """A document file whose document no other file names (removing it leaves no dangling link)."""
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(data.rglob("*.ttl"))}
    for path in _document_files(data):
        subject = re.search(r"^<([^>]+)> a ", texts[path], re.MULTILINE)
        assert subject is not None
        iri = subject.group(1)
        if not any(f"<{iri}>" in text for other, text in texts.items() if other != path):
            return path
    raise AssertionError("every document is referenced")


def _renamed_copy(source: Path, target: Path) -> None:
    """A new document file: ``source`` with its document (and so its components) renamed."""
    text = source.read_text(encoding="utf-8")
    iri = re.search(r"^<([^>]+)> a ", text, re.MULTILINE)
    assert iri is not None
    target.write_text(text.replace(iri.group(1), iri.group(1) + "-copy"), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _a_target_value(data: Path) -> tuple[Path, str]:
    for path in _document_files(data):
        found = re.search(r"nq:value [0-9.]+ ;", path.read_text(encoding="utf-8"))
        if found:
            return path, found.group()
    raise AssertionError("no target value")


def test_an_edited_target_value_gives_the_clean_build_bytes(case: Case) -> None:
    path, value = _a_target_value(case.data)
    _edit(path, value, "nq:value 12345.5 ;")
    result = case.build()
    assert result.plan == "data files 1 changed: incremental build"
    case.assert_equals_clean()


def test_a_build_keeps_what_parsing_the_queries_told_for_the_next_one(case: Case) -> None:
    written = [q for q in load_queries(case.inputs_of.queries).values() if materialised(q)]
    assert {q.text for q in written} <= set(read_query_facts(case.out))  # the clean build's
    path, value = _a_target_value(case.data)
    _edit(path, value, "nq:value 2468.5 ;")
    case.build()
    kept = read_query_facts(case.out)
    assert {q.text for q in written} <= set(kept)
    assert all(kept[q.text] == query_facts.facts(q.text) for q in written)
    # Facts that other code found are not used, and a damaged file is no error.
    facts_file = case.out / STATE_DIR / QUERY_FACTS
    raw = pickle.loads(facts_file.read_bytes())
    facts_file.write_bytes(pickle.dumps({**raw, "code": "another version"}))
    assert read_query_facts(case.out) == {}
    facts_file.write_bytes(b"not a pickle")
    assert read_query_facts(case.out) == {}
    _edit(path, "nq:value 2468.5 ;", "nq:value 2468.25 ;")
    case.build()
    case.assert_equals_clean()


def test_an_agency_label_edited_changes_the_pages_that_name_it_as_a_clean_build_does(case: Case) -> None:
    agencies = sorted((case.data / "agencies").glob("*.ttl"))
    text = agencies[-1].read_text(encoding="utf-8")
    label = re.search(r'rdfs:label "([^"]+)"@en', text)
    assert label is not None
    _edit(agencies[-1], label.group(), 'rdfs:label "A renamed agency"@en')
    case.build()
    case.assert_equals_clean()


def test_a_supersession_link_removed_is_retracted_with_what_it_implied(case: Case) -> None:
    for path in _document_files(case.data):
        text = path.read_text(encoding="utf-8")
        link = re.search(r" ;\n    nq:supersedes <[^>]+> \.", text)
        if link:
            path.write_text(text.replace(link.group(), " .", 1), encoding="utf-8")
            break
    else:
        raise AssertionError("no supersession link")
    case.build()
    case.assert_equals_clean()


def test_an_added_document_file_gives_the_clean_build_bytes(case: Case) -> None:
    source = _document_files(case.data)[0]
    _renamed_copy(source, case.data / "documents" / "zz-new.ttl")
    result = case.build()
    assert result.plan == "data files 1 added: incremental build"
    case.assert_equals_clean()


def test_a_deleted_document_file_gives_the_clean_build_bytes(case: Case) -> None:
    _unreferenced_document(case.data).unlink()
    result = case.build()
    assert result.plan == "data files 1 removed: incremental build"
    case.assert_equals_clean()


def test_a_resource_moved_to_another_file_keeps_its_triples_and_changes_only_its_file(case: Case) -> None:
    first, second = _document_files(case.data)[:2]
    text = first.read_text(encoding="utf-8")
    blocks = text.rstrip("\n").split("\n\n")
    moved = blocks.pop()  # the last resource described in the file
    first.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    with second.open("a", encoding="utf-8") as f:
        f.write("\n" + moved + "\n")
    result = case.build()
    assert result.plan == "data files 2 changed: incremental build"
    case.assert_equals_clean()


def test_several_files_added_edited_and_removed_at_once_give_the_clean_build_bytes(case: Case) -> None:
    path, value = _a_target_value(case.data)
    _edit(path, value, "nq:value 7.25 ;")
    _renamed_copy(_document_files(case.data)[-1], case.data / "documents" / "aa-new.ttl")
    _unreferenced_document(case.data).unlink()
    case.build()
    case.assert_equals_clean()


def test_an_edit_and_its_revert_give_back_the_first_build_bytes(
    case: Case, synthetic: tuple[Path, Path, Inputs]
) -> None:
    path, value = _a_target_value(case.data)
    original = path.read_bytes()
    _edit(path, value, "nq:value 1.5 ;")
    case.build()
    path.write_bytes(original)
    result = case.build()
    assert result.plan == "data files 1 changed: incremental build"
    assert_same_output(case.out, synthetic[1] / "out")


def test_a_broken_file_fails_as_a_clean_build_does_and_leaves_the_previous_output(
    case: Case, synthetic: tuple[Path, Path, Inputs]
) -> None:
    path, value = _a_target_value(case.data)
    original = path.read_bytes()
    _edit(path, value, "nq:value 1.5 ;;; <broken")
    with pytest.raises(DataError) as incremental:
        case.build()
    with pytest.raises(DataError) as clean:
        case.build(out=case.root / "reference")
    assert str(incremental.value) == str(clean.value)
    assert str(path) in str(incremental.value)
    assert_same_output(case.out, synthetic[1] / "out")
    assert (case.out / STATE_DIR / MANIFEST).read_bytes() == (
        synthetic[1] / "out" / STATE_DIR / MANIFEST
    ).read_bytes()
    path.write_bytes(original)
    assert case.build().plan == "nothing changed: outputs untouched"


def test_a_removed_file_that_others_still_refer_to_fails_with_the_loaders_message(case: Case) -> None:
    agencies = sorted((case.data / "agencies").glob("*.ttl"))
    agencies[0].unlink()
    with pytest.raises(DataError) as incremental:
        case.build()
    with pytest.raises(DataError) as clean:
        case.build(out=case.root / "reference")
    assert str(incremental.value) == str(clean.value)
    assert "which no data file describes" in str(incremental.value)


def test_nothing_changed_leaves_every_output_file_as_it_was(case: Case) -> None:
    before = {p: p.stat().st_mtime_ns for p in case.out.rglob("*")}
    result = case.build()
    assert result.plan == "nothing changed: outputs untouched"
    assert {p: p.stat().st_mtime_ns for p in case.out.rglob("*")} == before


def _copied_inputs(case: Case, *, ontology: bool = False, shapes: bool = False) -> Inputs:
    root = project_root()
    inputs = case.inputs_of
    if ontology:
        target = case.root / "ontology.ttl"
        shutil.copy(inputs.ontology, target)
        with target.open("a", encoding="utf-8") as f:
            f.write("\n# a comment: the ontology's bytes changed\n")
        return Inputs(
            data=inputs.data, ontology=target, shapes=inputs.shapes, queries=inputs.queries, root=root
        )
    assert shapes
    folder = case.root / "shapes"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for p in inputs.shapes:
        shutil.copy(p, folder / p.name)
    changed = folder / inputs.shapes[0].name
    with changed.open("a", encoding="utf-8") as f:
        f.write("\n# a comment: the shapes' bytes changed\n")
    copies = tuple(folder / p.name for p in inputs.shapes)
    return Inputs(
        data=inputs.data, ontology=inputs.ontology, shapes=copies, queries=inputs.queries, root=root
    )


def test_an_ontology_change_rebuilds_everything_and_says_why(case: Case) -> None:
    result = case.build(inputs=_copied_inputs(case, ontology=True))
    assert result.plan == "the ontology changed: full rebuild"


def test_a_shape_change_rebuilds_everything_and_names_the_file(case: Case) -> None:
    inputs = _copied_inputs(case, shapes=True)
    result = case.build(inputs=inputs)
    assert result.plan == f"shapes/{inputs.shapes[0].name} changed: full rebuild"


def _full_rebuild_equals_clean(case: Case, expected: str) -> None:
    path, value = _a_target_value(case.data)
    _edit(path, value, "nq:value 3.5 ;")
    result = case.build()
    assert result.plan.startswith(expected), result.plan
    assert result.plan.endswith(": full rebuild")
    case.assert_equals_clean()


def test_a_corrupt_manifest_means_a_full_rebuild_that_says_why(case: Case) -> None:
    (case.out / STATE_DIR / MANIFEST).write_text("{ not json", encoding="utf-8")
    _full_rebuild_equals_clean(case, "the build state's manifest is unreadable")


def test_a_missing_store_means_a_full_rebuild_that_says_why(case: Case) -> None:
    shutil.rmtree(state_store(case.out))
    _full_rebuild_equals_clean(case, "the build state has no store")


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps({1: ((), ())}), pickle.dumps([])])
def test_damaged_scans_mean_a_full_rebuild_that_says_why(case: Case, damage: bytes) -> None:
    scans = case.out / STATE_DIR / SCANS
    scans.unlink()  # a hard link shared with the pristine copy: written anew, not in place
    scans.write_bytes(damage)
    _full_rebuild_equals_clean(case, "the build state's scans are")


def test_a_state_of_an_older_format_means_a_full_rebuild_that_says_why(case: Case) -> None:
    manifest = case.out / STATE_DIR / MANIFEST
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**raw, "format": 0}), encoding="utf-8")
    _full_rebuild_equals_clean(case, "the build state is of format 0")


def test_a_state_that_does_not_match_its_output_means_a_full_rebuild(case: Case) -> None:
    summary = case.out / "summary.json"
    summary.write_text(summary.read_text(encoding="utf-8") + " ", encoding="utf-8")
    _full_rebuild_equals_clean(case, "the build state does not match the output (summary.json differs)")


def test_a_state_from_another_data_folder_means_a_full_rebuild(case: Case) -> None:
    other = case.root / "other-data"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(case.data, other)
    inputs = Inputs.default(data=other)
    result = case.build(inputs=inputs)
    assert result.plan.startswith("the previous build read another data folder")


def test_clean_forces_a_full_build_and_the_command_says_so_on_stderr(case: Case) -> None:
    args = ["build", "--data", str(case.data), "--out", str(case.out), "--today", TODAY.isoformat()]
    args += ["--site", "core", "--quiet"]
    unchanged = CliRunner().invoke(cli, args)
    assert unchanged.exit_code in (0, 1), unchanged.output
    assert unchanged.stderr.splitlines()[0] == "nothing changed: outputs untouched"
    clean = CliRunner().invoke(cli, [*args, "--clean"])
    assert clean.exit_code in (0, 1), clean.output
    assert clean.stderr.splitlines()[0] == "--clean: full rebuild"
    path, value = _a_target_value(case.data)
    _edit(path, value, "nq:value 2.5 ;")
    changed = CliRunner().invoke(cli, args)
    assert changed.stderr.splitlines()[0] == "data files 1 changed: incremental build"


_KILLED_BUILD = """
import datetime as dt, sys
from pathlib import Path
from nqgraph.paths import Inputs
from nqgraph.pipeline.build import build
build(out=Path(sys.argv[1]), inputs=Inputs.default(data=Path(sys.argv[2])), today=dt.date(2026, 11, 23),
      site_scope="core")
"""


def test_a_build_killed_at_any_moment_leaves_a_usable_output_and_the_next_build_is_right(case: Case) -> None:
    path, value = _a_target_value(case.data)
    for n, delay in enumerate((0.3, 0.8, 1.3, 2.0, 3.0)):
        _edit(path, value if n == 0 else f"nq:value {n}.5 ;", f"nq:value {n + 1}.5 ;")
        child = subprocess.Popen(
            [sys.executable, "-c", _KILLED_BUILD, str(case.out), str(case.data)], start_new_session=True
        )
        time.sleep(delay)
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        assert (case.out / "summary.json").is_file()
    case.build()
    case.assert_equals_clean()
    wait_for_removals()
    leftovers = [p.name for p in case.root.iterdir() if p.name.startswith(".out.")]
    assert leftovers == []


@pytest.mark.parametrize("scope", ["all", "none"])
def test_every_site_scope_gives_the_clean_build_bytes(
    scope: str, synthetic: tuple[Path, Path, Inputs], tmp_path: Path
) -> None:
    _pristine, inputs = _prepared(tmp_path, synthetic[1] / "data", scope)
    case = Case(root=tmp_path, scope=scope, inputs_of=inputs)
    path, value = _a_target_value(case.data)
    _edit(path, value, "nq:value 42.5 ;")
    _renamed_copy(_document_files(case.data)[0], case.data / "documents" / "zz-new.ttl")
    assert case.build().plan == "data files 1 added, 1 changed: incremental build"
    case.assert_equals_clean()


def test_the_bundled_data_edited_gives_the_clean_build_bytes(tmp_path: Path) -> None:
    _pristine, inputs = _prepared(tmp_path, project_root() / "data" / "ttl", "core")
    case = Case(root=tmp_path, scope="core", inputs_of=inputs)
    agencies = sorted((case.data / "agencies").glob("*.ttl"))
    text = agencies[0].read_text(encoding="utf-8")
    label = re.search(r'rdfs:label "([^"]+)"@en', text)
    assert label is not None
    _edit(agencies[0], label.group(), 'rdfs:label "A renamed agency"@en')
    assert case.build().plan == "data files 1 changed: incremental build"
    case.assert_equals_clean()


def test_a_changed_source_text_the_pages_quote_is_named_as_the_reason_for_a_full_rebuild(
    tmp_path: Path,
) -> None:
    from nqgraph.pipeline.state import Manifest, changed_source, sha256_of

    text = tmp_path / "data" / "sources" / "a.txt"
    text.parent.mkdir(parents=True)
    text.write_text("Nghị quyết", encoding="utf-8")
    manifest = Manifest(
        version="1",
        options={},
        data=str(tmp_path),
        files={},
        ontology="",
        shapes={},
        queries={},
        sources={"data/sources/a.txt": sha256_of(text)},
    )
    assert changed_source(manifest, tmp_path) is None
    text.write_text("Nghị quyết số 1", encoding="utf-8")
    assert changed_source(manifest, tmp_path) == "data/sources/a.txt"
