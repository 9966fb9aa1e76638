"""model.save: regular files only, through symlinks to their target, atomically; errors name the user's path."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import nn.files
from nn import MLP

MODEL = MLP(2, [3, 1], seed=0)


def _clean(folder: Path, *expected: str) -> None:
    """Nothing in ``folder`` but ``expected``: no temporary file left behind."""
    assert sorted(os.listdir(folder)) == sorted(expected)


def test_a_fifo_is_refused_and_left_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "m.json"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match=r"cannot save '.*m.json': it is a FIFO \(named pipe\), not a regular file"):
        MODEL.save(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _clean(tmp_path, "m.json")


def test_a_device_like_dev_null_is_refused_and_left_a_device(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    except PermissionError:
        pytest.skip("making a device file needs CAP_MKNOD")
    with pytest.raises(ValueError, match="it is a character device, not a regular file"):
        MODEL.save(device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    _clean(tmp_path, "null")


def test_a_socket_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative path: socket paths are limited to ~100 bytes
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("s.json")
        with pytest.raises(ValueError, match="cannot save 's.json': it is a socket"):
            MODEL.save("s.json")
    assert stat.S_ISSOCK(os.lstat(tmp_path / "s.json").st_mode)


def test_a_directory_is_refused_untouched(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "keep.txt").write_text("hello")
    with pytest.raises(IsADirectoryError, match=r"cannot save '.*d': it is a directory; give a file name"):
        MODEL.save(tmp_path / "d")
    assert (tmp_path / "d" / "keep.txt").read_text() == "hello"
    _clean(tmp_path, "d")


def test_a_symlink_is_followed_and_the_target_replaced_atomically_in_its_own_folder(tmp_path: Path) -> None:
    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    target = real_dir / "m.json"
    MLP(2, [3, 1], seed=5).save(target)
    os.chmod(target, 0o640)
    (link_dir / "m.json").symlink_to(target)
    (link_dir / "again.json").symlink_to(link_dir / "m.json")  # a chain of two links
    MODEL.save(link_dir / "again.json")
    assert os.path.islink(link_dir / "m.json") and os.path.islink(link_dir / "again.json")
    assert MLP.load(target).state_dict() == MODEL.state_dict()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # the target's permissions are kept
    _clean(real_dir, "m.json")
    _clean(link_dir, "m.json", "again.json")


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "link.json").symlink_to(tmp_path / "new.json")
    MODEL.save(tmp_path / "link.json")
    assert os.path.islink(tmp_path / "link.json") and MLP.load(tmp_path / "new.json").state_dict() == MODEL.state_dict()


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "m.json").symlink_to(tmp_path / "pipe")
    with pytest.raises(ValueError, match=r"cannot save '.*m.json' \(a link to '.*pipe'\): it is a FIFO"):
        MODEL.save(tmp_path / "m.json")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)


def test_a_symlink_loop_is_an_error_naming_the_path(tmp_path: Path) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    with pytest.raises(OSError, match=r"cannot save '.*a.json'.*: Too many levels of symbolic links") as info:
        MODEL.save(tmp_path / "a.json")
    assert info.value.errno == errno.ELOOP


@pytest.mark.parametrize(
    ("path", "error", "match"),
    [
        ("", ValueError, "cannot save: the path is empty"),
        (None, TypeError, "cannot save: the path must be a str or os.PathLike, not NoneType"),
        ("nope/m.json", FileNotFoundError, r"cannot save 'nope/m.json': the folder '.*nope' does not exist"),
        ("m.json/", IsADirectoryError, "cannot save 'm.json/': a path ending in a slash names a folder"),
    ],
)
def test_bad_paths_are_clear_errors_naming_the_path_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, error: type, match: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=match) as info:
        MODEL.save(path)
    assert ".tmp" not in str(info.value)
    _clean(tmp_path)


def test_no_permission_names_the_folder_not_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def denied(path: str, flags: int, *args: int) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(nn.files.os, "open", denied)
    with pytest.raises(PermissionError, match=r"cannot save '.*m.json': no permission to create a file in the folder") as info:
        MODEL.save(tmp_path / "m.json")
    assert ".tmp" not in str(info.value) and info.value.errno == errno.EACCES


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_a_permission_error(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o500)
    try:
        with pytest.raises(PermissionError, match="no permission to create a file in the folder"):
            MODEL.save(tmp_path / "m.json")
    finally:
        os.chmod(tmp_path, 0o700)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_an_os_error_mid_save_names_the_path_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    path = tmp_path / "m.json"
    MLP(2, [3, 1], seed=9).save(path)
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(args[0]))

    monkeypatch.setattr(nn.files.os, step, fail)
    with pytest.raises(OSError, match=r"cannot save '.*m.json': Input/output error") as info:
        MODEL.save(path)
    assert ".tmp" not in str(info.value) and info.value.errno == errno.EIO
    assert path.read_bytes() == before
    _clean(tmp_path, "m.json")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_saving_another_users_file_keeps_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    MODEL.save(path)
    os.chown(path, 4321, 4321)
    MLP(2, [3, 1], seed=3).save(path)
    assert (os.stat(path).st_uid, os.stat(path).st_gid) == (4321, 4321)


def test_a_killed_save_leaves_a_temporary_the_next_save_removes(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    killer = (
        "import os, signal, nn.files\n"
        "from nn import MLP\n"
        "nn.files.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"MLP(2, [3, 1], seed=1).save({str(path)!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", killer], capture_output=True, check=False, timeout=60)
    assert done.returncode == -9
    leftovers = [n for n in os.listdir(tmp_path) if n.endswith(".stepgrad.tmp")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".m.json.")
    others = [".m.json.gwvtcw5k.tmp", ".m.json.notours.tmp", ".other.json.abcd1234.stepgrad.tmp", "m.json.bak"]
    for name in others:  # an older stepgrad's leftover (removed), and files that are not ours (kept)
        (tmp_path / name).write_text("x")
    MODEL.save(path)
    _clean(tmp_path, "m.json", *others[1:])
    assert MLP.load(path).state_dict() == MODEL.state_dict()


@pytest.mark.skipif(nn.files.fcntl is None, reason="the lock check is POSIX's; Windows refuses to delete open files")
def test_a_temporary_another_save_is_writing_now_is_kept(tmp_path: Path) -> None:
    live = tmp_path / ".m.json.0123abcd.stepgrad.tmp"
    fd = os.open(live, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        nn.files.fcntl.flock(fd, nn.files.fcntl.LOCK_EX)  # as a running save holds it
        MODEL.save(tmp_path / "m.json")
        _clean(tmp_path, "m.json", live.name)
    finally:
        os.close(fd)
    MODEL.save(tmp_path / "m.json")  # once the lock is gone, it is a leftover
    _clean(tmp_path, "m.json")
