"""``convert --shard I/N`` and ``reportkit manifest merge``: array jobs into one folder.

Covered: the split is deterministic and a partition; shards run at the same time into one
output folder, each with its own manifest and lock; a second copy of a shard, a
whole-folder run and a merge are refused while a shard holds the folder (exit 75);
merging, the run after it (everything skipped), and shards after a merge.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env, cli
from reportkit.batch.inputs import Input, discover
from reportkit.batch.lock import FolderLock
from reportkit.batch.shard import Shard, shard_key, shard_of
from reportkit.errors import UsageError

MANIFEST = ".reportkit-manifest.json"
COUNT = 8


def shard_manifest(index: int, count: int) -> str:
    return f".reportkit-manifest.shard-{index}-of-{count}.json"


def spawn(*args: str | Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        cwd=cwd,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def statuses(stdout: str) -> dict[str, str]:
    records = map(json.loads, stdout.splitlines())
    return {r["input"]: r["status"] for r in records if "input" in r}  # not the summary


def entries(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))["entries"]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """``inbox/`` with COUNT small distinct briefs, two of them in a sub-folder."""
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for n in range(COUNT):
        where = folder / "sub" if n < 2 else folder
        (where / f"b{n}.txt").write_text(
            f"Analysis\n\nFerry capacity, part {n}\n\n"
            f"Ferry traffic on the corridor grew by {10 + n}% this spring.\n\n"
            "Source: Reuters\n",
            "utf-8",
        )
    return folder


# -- the split ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, index, count", [("0/4", 0, 4), ("3/4", 3, 4), (" 0 / 1 ", 0, 1)])
def test_shard_specs(text: str, index: int, count: int) -> None:
    assert Shard.parse(text) == Shard(index, count)
    assert Shard.parse(text).label == f"shard-{index}-of-{count}"


@pytest.mark.parametrize("text", ["4/4", "1/0", "-1/4", "a/b", "1", "1/2/3", ""])
def test_bad_shard_specs_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--shard"):
        Shard.parse(text)


def test_the_split_is_a_stable_partition_by_relative_path(inbox: Path, tmp_path: Path) -> None:
    inputs = discover([str(inbox)], recursive=True)
    assert len(inputs) == COUNT
    assert shard_key(next(i for i in inputs if i.path.name == "b0.txt")) == "sub/b0.txt"
    shards = [[i for i in inputs if Shard(n, 3).selects(i)] for n in range(3)]
    assert sorted(i.name for s in shards for i in s) == sorted(i.name for i in inputs)
    # the same files seen from elsewhere (another machine, another checkout) split alike
    moved = tmp_path / "elsewhere" / "inbox"
    moved.parent.mkdir()
    inbox.rename(moved)
    again = discover([str(moved)], recursive=True)
    assert [shard_of(i, 3) for i in again] == [shard_of(i, 3) for i in inputs]
    # a file named directly is keyed by its name
    assert shard_key(Input(moved / "b5.txt", moved)) == "b5.txt"


# -- shards side by side, then merged -----------------------------------------------------------
def test_shards_run_together_into_one_folder_and_merge(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    common = ["convert", "inbox", "-r", "-o", "out/", "-f", "html", "-j", "1"]
    common += ["--log-format", "json"]
    procs = [spawn(*common, "--shard", f"{n}/2", cwd=tmp_path) for n in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_, stderr) in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr
    seen = [statuses(stdout) for stdout, _ in results]
    assert set(seen[0]).isdisjoint(seen[1])
    assert len(seen[0]) + len(seen[1]) == COUNT
    assert set(seen[0].values()) == set(seen[1].values()) == {"converted"}
    assert not (out / MANIFEST).exists()
    for n in range(2):
        assert len(entries(out / shard_manifest(n, 2))) == len(seen[n])
    assert sorted(p.name for p in out.glob("*.html")) == [f"b{n}.html" for n in range(COUNT)]
    assert not (out / ".reportkit.lock").read_text()  # nobody's pid is left behind

    merged = cli("manifest", "merge", "out", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert "merged 2 shard manifest(s)" in merged.stdout and f"{COUNT} entries" in merged.stdout
    assert len(entries(out / MANIFEST)) == COUNT
    assert not list(out.glob(".reportkit-manifest.shard-*"))

    # the next whole-folder run has nothing to do
    proc = cli(*common, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert set(statuses(proc.stdout).values()) == {"skipped"}
    # nor has a shard, starting from the main manifest (its own was merged away)
    proc = cli(*common, "--shard", "1/2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert statuses(proc.stdout) == dict.fromkeys(seen[1], "skipped")


def test_a_shard_with_no_briefs_says_so_and_succeeds(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "only.txt").write_text("Analysis\n\nA title\n\nText.\n", "utf-8")
    item = discover([str(tmp_path / "inbox")])[0]
    empty = 1 - shard_of(item, 2)
    proc = cli("convert", "inbox", "-o", "out/", "-f", "html", "--shard", f"{empty}/2",
               cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"shard {empty}/2: none of the 1 brief(s) is in it\n"
    assert not (tmp_path / "out").exists()


# -- locks ----------------------------------------------------------------------------------------
def test_a_running_shard_holds_its_share_of_the_folder(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert = ["convert", "inbox", "-r", "-o", "out/", "-f", "html", "-j", "1"]
    with FolderLock(out, shard="shard-0-of-2"):
        same = cli(*convert, "--shard", "0/2", cwd=tmp_path)
        assert same.returncode == 75, same.stderr
        assert f"(pid {os.getpid()}) is writing shard-0-of-2 of this folder" in same.stderr
        other = cli(*convert, "--shard", "1/2", cwd=tmp_path)
        assert other.returncode == 0, other.stderr
        whole = cli(*convert, cwd=tmp_path)
        assert whole.returncode == 75, whole.stderr
        assert "(shard runs) is writing this folder" in whole.stderr
        merge = cli("manifest", "merge", "out", cwd=tmp_path)
        assert merge.returncode == 75, merge.stderr
    assert (out / shard_manifest(1, 2)).exists()
    with FolderLock(out):
        shard = cli(*convert, "--shard", "0/2", cwd=tmp_path)
        assert shard.returncode == 75, shard.stderr
        assert f"(pid {os.getpid()})" in shard.stderr


# -- merge ----------------------------------------------------------------------------------------
def test_merge_drops_entries_whose_outputs_are_gone_and_can_keep_shards(
    inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    convert = ["convert", "inbox", "-r", "-o", "out/", "-f", "html", "-j", "1"]
    for n in range(2):
        assert cli(*convert, "--shard", f"{n}/2", cwd=tmp_path).returncode == 0
    (out / "b3.html").unlink()
    merged = cli("manifest", "merge", "out", "--keep", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert f"{COUNT - 1} entries, 1 dropped" in merged.stdout
    assert "b3.txt: outputs missing or modified; dropped" in merged.stderr
    assert len(list(out.glob(".reportkit-manifest.shard-*"))) == 2
    assert sorted(Path(k).name for k in entries(out / MANIFEST)) == sorted(
        f"b{n}.txt" for n in range(COUNT) if n != 3
    )
    # explicit shard manifests; a file that is not one is an error
    (tmp_path / "junk.json").write_text('{"hello": 1}', "utf-8")
    bad = cli("manifest", "merge", "out", "junk.json", cwd=tmp_path)
    assert bad.returncode == 1 and "not a reportkit manifest" in bad.stderr, bad.stderr
    again = cli("manifest", "merge", "out", f"out/{shard_manifest(0, 2)}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "merged 1 shard manifest(s)" in again.stdout
    assert not (out / shard_manifest(0, 2)).exists() and (out / shard_manifest(1, 2)).exists()
