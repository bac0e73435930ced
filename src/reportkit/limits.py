"""Bounded reads of the small files a run trusts least: config files and brand files.

A setting can name any path (``REPORTKIT_CONFIG=/dev/zero``) and a brand folder can hold
anything, so these are read only when they are regular files, up to a size no real one
reaches, and YAML only without a flood of aliases (a "billion laughs" document expands
a few hundred bytes into gigabytes).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: The largest brief read unless a caller (``--max-bytes``, ``max_bytes``) says otherwise.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Units of a size (``--max-bytes 10MB``, ``REPORTKIT_MAX_BYTES=10MiB``), in bytes.
SIZE_UNITS = {
    "": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 1000**2, "mb": 1000**2,
    "mib": 1024**2, "g": 1000**3, "gb": 1000**3, "gib": 1024**3,
}  # fmt: skip
#: The largest size a setting may give: 1 GiB.
MAX_SIZE = 1 << 30


def parse_size(text: str | int) -> int:
    """``"10MB"`` -> 10 000 000, ``"10MiB"`` -> 10 485 760, ``"500k"``, ``4096``: one
    reading for the flag, the environment and the config file. ``ValueError`` says why
    not, in words a user can act on."""
    import re

    if isinstance(text, int) and not isinstance(text, bool):
        size = text
    else:
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
        unit = found.group(2).casefold() if found else ""
        if found is None or unit not in SIZE_UNITS:
            raise ValueError(f"{text!r} is not a size (examples: 10MB, 10MiB, 500k, 4096)")
        size = int(float(found.group(1)) * SIZE_UNITS[unit])
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"{text!r} is not between 1 byte and 1 GiB")
    return size


#: The largest config file or ``_brand.yml`` read: real ones are a few kilobytes.
MAX_SETTINGS_BYTES = 1 << 20
#: Aliases a ``_brand.yml`` may use: a brand needs none, a bomb needs thousands.
MAX_YAML_ALIASES = 64


def read_regular(path: Path, limit: int = MAX_SETTINGS_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; an
    ``OSError`` whose ``strerror`` says why not otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        data = handle.read(min(info.st_size, limit) + 1)
        if len(data) > limit:
            raise OSError(errno.EFBIG, f"larger than the {limit:,}-byte limit")
        return data


def check_yaml_aliases(text: str) -> None:
    """Raise ``ValueError`` if the YAML ``text`` uses more than :data:`MAX_YAML_ALIASES`
    aliases; reads only the event stream, expanding nothing."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise ValueError(
                        f"uses more than {MAX_YAML_ALIASES} YAML aliases; a brand file needs none"
                    )
    except yaml.YAMLError:
        return  # the real parser reports it, with its position


#: cgroup v2's CPU quota of this process's group ("max 100000", or "200000 100000": 2 CPUs)
CGROUP_CPU_MAX = "/sys/fs/cgroup/cpu.max"


def usable_cpus(cgroup_cpu_max: str = CGROUP_CPU_MAX) -> int:
    """The CPUs this process may use: its affinity (taskset, cpusets), further bounded by
    the cgroup's quota (a container's --cpus, a Kubernetes limit), not the machine's count."""
    try:
        cpus = len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    quota = cgroup_cpus(cgroup_cpu_max)
    return min(cpus, quota) if quota else cpus


def cgroup_cpus(path: str) -> int | None:
    """The CPUs a cgroup v2 quota allows, rounded up; None without a quota or a file."""
    try:
        with open(path, encoding="ascii") as handle:
            quota, period = handle.read().split()[:2]
        if quota == "max":
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None
