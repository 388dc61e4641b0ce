"""The chain of ruleset files being loaded through `nested` and `extends`, to reject cycles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_CHAIN: ContextVar[tuple[Path, ...]] = ContextVar("pingyi_ruleset_chain", default=())


def _file(name: str | None) -> Path | None:
    """The resolved file of a ruleset name (None for text given without a file, e.g. '<string>')."""
    if not name or name.startswith("<"):
        return None
    return Path(name).resolve()


def resolve(base_file: str | None, relative: str) -> Path:
    """A path written in a ruleset, relative to that ruleset's folder (the working folder for text)."""
    here = _file(base_file)
    folder = here.parent if here is not None else Path.cwd()
    return (folder / relative).resolve()


def _with(chain: tuple[Path, ...], current: str | None) -> tuple[Path, ...]:
    here = _file(current)
    if here is None or (chain and chain[-1] == here):
        return chain
    return (*chain, here)


def cycle(current: str | None, target: Path) -> list[Path] | None:
    """The cycle that loading `target` from `current` would close, or None."""
    files = _with(_CHAIN.get(), current)
    if target in files:
        return [*files[files.index(target):], target]
    return None


@contextmanager
def loading_from(current: str | None) -> Iterator[None]:
    """Within the block, `current` is on the chain of files being loaded."""
    token = _CHAIN.set(_with(_CHAIN.get(), current))
    try:
        yield
    finally:
        _CHAIN.reset(token)


def show(files: list[Path]) -> str:
    """a.yaml → b.yaml → a.yaml"""
    return " → ".join(f.name for f in files)
