"""Model files on disk: written atomically to regular files only, read with a size cap and never a hang.

Writing ``path``: symlinks are followed to the real target, which must be a regular file or not
exist yet (a directory, a FIFO, a device such as ``/dev/null`` is refused and left as it is).
The text goes to a temporary file beside the real target (``.m.json.1a2b3c4d.stepgrad.tmp``),
is flushed to disk, gets the target's permissions, and replaces the target in one rename; a
crash or an error at any point leaves the old file whole. The temporary file is locked while it
is written, so a later save can tell one a killed save left behind (unlocked) from one another
process is writing now, and removes the former. Errors name the path the user gave, never the
temporary file.

Reading ``path``: a regular file of at most ``MAX_FILE_BYTES``; a directory, FIFO or device is
refused before it is opened for reading (a FIFO would block), so loading never hangs.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which protects a save in progress
    fcntl = None  # type: ignore[assignment]

MAX_FILE_BYTES = 64 * 2**20  # a model file of a million parameters is about 22 MB
_KINDS = {stat.S_IFIFO: "FIFO (named pipe)", stat.S_IFCHR: "character device", stat.S_IFBLK: "block device", stat.S_IFSOCK: "socket"}
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class ModelFileNotFoundError(FileNotFoundError, ValueError):
    """No file at the path given to ``load``: a ``FileNotFoundError`` that is also the ``ValueError``
    every other unreadable model file raises."""


def given_path(path: object, verb: str) -> str:
    """The path as the user gave it, as a str; a clear error for an empty path or a non-path."""
    try:
        text = os.fsdecode(os.fspath(path))  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"cannot {verb}: the path must be a str or os.PathLike, not {type(path).__name__}") from None
    if not text:
        raise ValueError(f"cannot {verb}: the path is empty")
    return text


def _kind(mode: int) -> str | None:
    """None for a regular file, else what the file is."""
    if stat.S_ISREG(mode):
        return None
    return "directory" if stat.S_ISDIR(mode) else _KINDS.get(stat.S_IFMT(mode), "special file")


def _oserror(err: OSError, message: str) -> OSError:
    """The same kind of OSError (same errno), with a message that names the user's path."""
    return type(err)(err.errno, message)


def _check_target(target: str, given: str) -> os.stat_result | None:
    """The real target's stat (None if it does not exist yet, in an existing folder), else a clear error."""
    folder = os.path.dirname(target)
    shown = f"{given!r}" + (f" (a link to {target!r})" if os.path.abspath(given) != target else "")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if not os.path.isdir(folder):
            raise FileNotFoundError(errno.ENOENT, f"cannot save {shown}: the folder {folder!r} does not exist") from None
        if given.endswith(("/", os.sep)):
            raise IsADirectoryError(errno.EISDIR, f"cannot save {given!r}: a path ending in a slash names a folder") from None
        return None
    except OSError as err:
        raise _oserror(err, f"cannot save {shown}: {err.strerror}") from None
    kind = _kind(st.st_mode)
    if kind == "directory":
        raise IsADirectoryError(errno.EISDIR, f"cannot save {shown}: it is a directory; give a file name such as 'model.json'")
    if kind is not None:
        raise ValueError(f"cannot save {shown}: it is a {kind}, not a regular file; a model is saved to a regular file only (untouched)")
    return st


def _temp_name(name: str) -> str:
    return f".{name[:200]}.{secrets.token_hex(4)}.stepgrad.tmp"


def _stale_pattern(name: str) -> re.Pattern[str]:
    """Temporary files of saves to ``name``: this module's, and stepgrad's older ``.m.json.xxxxxxxx.tmp``."""
    return re.compile(rf"\.{re.escape(name[:200])}\.[a-z0-9_]{{8}}(?:\.stepgrad)?\.tmp\Z")


def remove_stale_temporaries(folder: str, name: str) -> list[str]:
    """Delete temporary files that saves to ``folder/name`` killed part-way left behind (nobody holds
    their lock); one a running save is writing is kept. Returns the names removed."""
    pattern, removed = _stale_pattern(name), list[str]()
    try:
        names = [entry.name for entry in os.scandir(folder) if pattern.match(entry.name)]
    except OSError:
        return removed
    for leftover in names:
        path = os.path.join(folder, leftover)
        try:
            if fcntl is None:
                os.unlink(path)  # refused while another process has it open
            else:
                fd = os.open(path, os.O_RDWR | _FLAGS | getattr(os, "O_NONBLOCK", 0))
                try:
                    st = os.fstat(fd)
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: a save is writing it now
                    now = os.lstat(path)
                    if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
                        continue
                    os.unlink(path)
                finally:
                    os.close(fd)
            removed.append(leftover)
        except OSError:
            continue
    return removed


def _open_temporary(folder: str, name: str, given: str) -> tuple[int, str]:
    """A new, locked temporary file beside the target: (descriptor, path)."""
    for _ in range(100):
        tmp = os.path.join(folder, _temp_name(name))
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _FLAGS, 0o600)
        except FileExistsError:
            continue
        except PermissionError as err:
            raise _oserror(err, f"cannot save {given!r}: no permission to create a file in the folder {folder!r}") from None
        except OSError as err:
            raise _oserror(err, f"cannot save {given!r}: {err.strerror}") from None
        if fcntl is None:
            return fd, tmp
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.lstat(tmp), os.fstat(fd)):  # not removed by a cleaner before the lock
                return fd, tmp
        except OSError:
            pass
        os.close(fd)
    raise FileExistsError(errno.EEXIST, f"cannot save {given!r}: could not create a temporary file in {folder!r}")


def write_text_atomic(path: Any, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, through symlinks, to a regular file only (see above)."""
    given = given_path(path, "save")
    target = os.path.realpath(given)
    folder, name = os.path.dirname(target), os.path.basename(target)
    st = _check_target(target, given)
    remove_stale_temporaries(folder, name)
    fd, tmp = _open_temporary(folder, name, given)
    try:
        try:
            _fill(fd, tmp, text.encode("utf-8"), st)
        finally:
            os.close(fd)
        _check_target(target, given)  # still a regular file (or still absent) just before the swap
        os.replace(tmp, target)
    except OSError as err:
        if str(err.strerror).startswith("cannot save"):
            raise
        raise _oserror(err, f"cannot save {given!r}: {err.strerror}") from None  # never the temporary file's name
    finally:
        try:
            os.unlink(tmp)  # gone already after a successful replace
        except OSError:
            pass
    _sync_folder(folder)


def _fill(fd: int, tmp: str, data: bytes, st: os.stat_result | None) -> None:
    """The temporary file's bytes, flushed to disk, with the target's permissions (and owner, for root)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(tmp, mode)
    if st is not None and hasattr(os, "fchown") and (st.st_uid, st.st_gid) != _owner(fd):
        try:  # root saving another user's file keeps it theirs
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError:
            pass


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_bytes_capped(path: Any, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; a ValueError naming the path otherwise."""
    given = given_path(path, "load")
    try:
        kind = _kind(os.stat(given).st_mode)
        if kind is not None:
            raise ValueError(f"{given}: it is a {kind}, not a model file")
        fd = os.open(given, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ModelFileNotFoundError(errno.ENOENT, f"{given}: no such file") from None
    except OSError as err:
        raise ValueError(f"{given}: cannot read it ({err.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind is not None:  # it changed since the stat above
            raise ValueError(f"{given}: it is a {kind}, not a model file")
        chunks, size = [], 0
        while size <= limit and st.st_size <= limit:  # in chunks: a /proc file says 0 bytes, then grows
            chunk = f.read(min(max(st.st_size - size, 0) + 1, 1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if st.st_size > limit or size > limit:
            raise ValueError(f"{given}: the file is {max(st.st_size, size):,} bytes, more than the {limit:,} a model file may have")
    return b"".join(chunks)
