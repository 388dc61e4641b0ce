"""Where the CLI's `-o FILE` may write, and writing there atomically (docs/errors.md, "The command line").

Rules: the target is a regular file or does not exist yet — never a folder, symbolic link,
device, FIFO or socket (as root, `-o /dev/null` must not replace the system's /dev/null);
never an input of any kind — the ruleset, every file it reaches through `extends` and
`nested`, the facts file, the facts folder or anything in it — compared by the files
themselves (same file through `..`, a symbolic link or a hard link). The text goes to a
temporary file in the target's folder, is synced, and is renamed over the target; the
temporary file is removed on every failure, and `pending` lets the CLI remove it when a
signal stops the run.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .core.messages import Message, Text, say

if TYPE_CHECKING:
    from .compile.ruleset import CompiledRuleset
    from .source.strict_yaml import Document


class TargetError(Exception):
    """An `-o` target pingyi refuses, or cannot write: a usage error (exit 2), said in the language in force."""

    def __init__(self, said: Message) -> None:
        super().__init__(said)
        self.said = said

    def __str__(self) -> str:
        return self.said.render()


pending: set[str] = set()  # temporary files being written; removed by whoever stops the run

_KINDS = (
    (stat.S_ISCHR, "phrase.file_char_device"),
    (stat.S_ISBLK, "phrase.file_block_device"),
    (stat.S_ISFIFO, "phrase.file_fifo"),
    (stat.S_ISSOCK, "phrase.file_socket"),
    (stat.S_ISDIR, "phrase.file_folder"),
    (stat.S_ISLNK, "phrase.file_link"),
)


def _kind(mode: int) -> Message | None:
    """What a non-regular file is, for the message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return say(next((key for test, key in _KINDS if test(mode)), "phrase.file_not_regular"))


def check_kind(target: Path) -> None:
    """Refuse a target that exists and is not a regular file (a symbolic link is not followed)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise TargetError(say("cli.cannot_write", target=str(target), why=Text(str(exc.strerror)))) from None
    kind = _kind(mode)
    if kind is not None:
        raise TargetError(say("cli.not_regular", target=str(target), kind=kind))


def check_target(text: str | None) -> Path | None:
    """The `-o` value as a path (None when not given); '' is refused."""
    if text is None:
        return None
    if text == "":
        raise TargetError(say("cli.empty_output"))
    return Path(text)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _input_files(item: Path) -> Iterator[Path]:
    """An input and, for a folder, everything in it."""
    yield item
    if item.is_dir():
        try:
            yield from sorted(item.iterdir())
        except OSError:
            return


def refuse_inputs(target: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse a target that is an input, or lies in an input folder (compared by path and by file identity)."""
    resolved = target.resolve()
    own = _identity(target)
    folder = _identity(target.parent) if target.parent.exists() else None
    for item in inputs:
        source = Path(item)
        real = source.resolve()
        inside = real.is_dir() and (real in resolved.parents or folder == _identity(real))
        same = resolved == real or (own is not None and any(own == _identity(f) for f in _input_files(source)))
        if inside or same:
            raise TargetError(say("cli.output_is_input", item=str(item)))


def ruleset_files(ruleset: CompiledRuleset, document: Document) -> list[Path]:
    """Every file a loaded ruleset was read from: itself, its `extends` bases, its nested rulesets and theirs."""
    from .loading import load_with_document
    from .source.chain import resolve
    from .source.extends import MergedDocument
    from .source.repeat import ExpandedDocument

    files = [Path(ruleset.source)]
    while True:
        if isinstance(document, ExpandedDocument) and document.inner is not None:
            document = document.inner  # the same file, its `repeat` entries expanded
        elif isinstance(document, MergedDocument) and document.child is not None:
            files.append(resolve(document.child.name, str(document.child.data["extends"])))
            assert document.base is not None
            document = document.base
        else:
            break
    for nested in ruleset.nested:
        files.extend(ruleset_files(*load_with_document(nested.source)))
    return files


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT/SIGTERM/SIGHUP while a temporary file is created and recorded in `pending`."""
    if not hasattr(signal, "pthread_sigmask"):  # not on Windows
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_atomically(target: Path, text: str | bytes | Iterable[str], encoding: str) -> None:
    """Write via a synced temporary file in the same folder and a rename; the temporary file never stays."""
    check_kind(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            pending.add(temp)
    except OSError as exc:
        raise TargetError(say("cli.cannot_write", target=str(target), why=Text(str(exc.strerror)))) from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(text)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
                stream.writelines([text] if isinstance(text, str) else text)
                stream.flush()
                os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)  # mkstemp makes 0600; a published result is an ordinary file
        check_kind(target)  # once more: it may have changed while the result was written
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise TargetError(say("cli.cannot_write", target=str(target), why=Text(str(exc.strerror)))) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    finally:
        pending.discard(temp)


def remove_pending() -> None:
    """Remove every temporary file still being written (the run is being stopped)."""
    for temp in list(pending):
        Path(temp).unlink(missing_ok=True)
        pending.discard(temp)
