"""``reportkit manifest``: work with the manifests of output folders."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("manifest")
def manifest_group() -> None:
    """Work with the manifests of output folders."""


@manifest_group.command("merge")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument(
    "shard_manifests", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--keep", is_flag=True, help="Keep the shard manifests (default: remove the merged ones)."
)
@click.option(
    "--wait", is_flag=True, help="If a run holds the folder, wait for it instead of exiting 75."
)
def manifest_merge(folder: Path, shard_manifests: tuple[Path, ...], keep: bool, wait: bool) -> None:
    """Fold the shard manifests of FOLDER (from `convert --shard I/N` runs) into its main
    manifest, so that a later run without --shard skips what the shards converted.

    SHARD_MANIFESTS default to every .reportkit-manifest.shard-*-of-*.json in FOLDER.
    Holds the folder's lock: run it after the shards have finished. Entries whose
    outputs are missing (or were overwritten by another shard) are dropped, so they
    are converted again next time.
    """
    from reportkit.batch.lock import FolderLock
    from reportkit.batch.manifest import NAME, merge
    from reportkit.batch.runner import clean_stale_temporaries

    with FolderLock(folder, wait=wait):
        clean_stale_temporaries(folder)
        merged = merge(folder, list(shard_manifests) or None, keep=keep)
    for name in merged.dropped:
        click.echo(f"reportkit: warning: {name}: outputs missing or modified; dropped", err=True)
    click.echo(
        f"merged {len(merged.files)} shard manifest(s) into {folder / NAME}: "
        f"{merged.entries} entries" + (f", {len(merged.dropped)} dropped" if merged.dropped else "")
    )
