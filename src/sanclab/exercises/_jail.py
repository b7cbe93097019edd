"""Start a command (the grading kernel) in a jail: Linux namespaces, a minimal filesystem view,
no privileges, resource limits. Used by :mod:`sanclab.exercises.grade`; never by students.

Run as ``python -m sanclab.exercises._jail CONFIG -- command...`` where ``CONFIG`` is the
base64 of a JSON object (see :func:`encode_config`). In ``namespaces`` mode the launcher

1. creates new mount, PID, network, IPC and UTS namespaces (the caller must be root, or
   root of a user namespace: see :func:`sanclab.exercises._isolation.enter_private_mounts`);
2. forks the namespace's first process (PID 1), which builds a new root on a ``tmpfs``
   holding only the system folders (``/usr``, ``/etc``, ``/lib*``, ``/bin``, ``/sbin``), the
   Python environment and the course package (read-only), a private ``/tmp`` and ``/dev``,
   a fresh ``/proc``, and the working folders given as ``rw``; then ``pivot_root`` into it,
   so nothing else of the machine's files exists for the command;
3. forks the command, which sets its resource limits, drops every capability (and, when
   ``uid`` is given, switches to that unprivileged user id), forbids regaining privileges
   (``no_new_privs``) and executes.

When PID 1 exits (the command ended, or the launcher was killed: PID 1 carries a
parent-death signal), the kernel kills every process left in the namespace, detached or not.
The network namespace has no interface but a down loopback: the command has no network,
and talks to the grader only through the Unix sockets in its ``rw`` folders.

In ``none`` mode only the resource limits are applied (documented as unsafe).
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import json
import os
import platform
import resource
import signal
import sys

__all__ = ["encode_config", "main"]

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_NOATIME = 1024
MS_NODIRATIME = 2048
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MS_RELATIME = 1 << 21
MNT_DETACH = 2

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

#: statvfs flags -> mount flags, kept when a bind mount is remounted read-only (a user
#: namespace may not clear the flags it inherited).
_ST_TO_MS = {1: MS_RDONLY, 2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC, 1024: MS_NOATIME,
             2048: MS_NODIRATIME, 4096: MS_RELATIME}

#: System folders every program needs; symlinks among them (merged /usr) are recreated.
SYSTEM_DIRS = ("/usr", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin")
#: Device nodes bound into the jail's /dev.
DEVICES = ("null", "zero", "full", "random", "urandom")
#: ``pivot_root`` system call numbers, for a libc without the wrapper.
_PIVOT_ROOT_NR = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217,
                  "i686": 217, "armv7l": 218}

RLIMITS = {
    "memory_bytes": resource.RLIMIT_AS,
    "cpu_seconds": resource.RLIMIT_CPU,
    "processes": resource.RLIMIT_NPROC,
    "file_bytes": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
}

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _b(text: str | None):
    return None if text is None else os.fsencode(text)


def mount(source, target, fstype, flags, data=None) -> None:
    _check(libc().mount(_b(source), _b(target), _b(fstype), ctypes.c_ulong(flags), _b(data)),
           f"mount {target}")


def unshare(flags: int) -> None:
    _check(libc().unshare(ctypes.c_int(flags)), "unshare")


def prctl(option: int, arg: int = 0) -> None:
    _check(libc().prctl(ctypes.c_int(option), ctypes.c_ulong(arg), ctypes.c_ulong(0),
                        ctypes.c_ulong(0), ctypes.c_ulong(0)), f"prctl {option}")


def encode_config(config: dict) -> str:
    """The launcher's configuration as one command-line word.

    Examples
    --------
    >>> import base64, json
    >>> json.loads(base64.b64decode(encode_config({"mode": "none"})))
    {'mode': 'none'}
    """
    return base64.b64encode(json.dumps(config).encode()).decode()


# --------------------------------------------------------------------------- the worker


def enter_private_mounts(*, user_namespace: bool, folder: str, size_mb: int) -> None:
    """Give the calling (single-threaded) process its own mount namespace in which
    ``folder`` is a private, size-limited ``tmpfs``; with ``user_namespace``, first become
    root of a new user namespace (for graders that are not root). What is written there
    vanishes with the process; the folder itself stays, empty, for its creator to remove."""
    uid, gid = os.getuid(), os.getgid()
    unshare(CLONE_NEWNS | (CLONE_NEWUSER if user_namespace else 0))
    if user_namespace:
        with open("/proc/self/setgroups", "w") as handle:
            handle.write("deny")
        with open("/proc/self/uid_map", "w") as handle:
            handle.write(f"0 {uid} 1")
        with open("/proc/self/gid_map", "w") as handle:
            handle.write(f"0 {gid} 1")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"size={int(size_mb)}m,mode=0755")


# --------------------------------------------------------------------------- the new root


def _bind(source: str, target: str, *, read_only: bool) -> None:
    mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        keep = 0
        try:
            flags = os.statvfs(source).f_flag
        except OSError:
            flags = 0
        for st, ms in _ST_TO_MS.items():
            if flags & st:
                keep |= ms
        mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | keep)


def _make_target(new: str, path: str, is_dir: bool) -> str:
    target = new + path
    if is_dir:
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            open(target, "w").close()
    return target


def _covered(path: str, bound: list[str]) -> bool:
    return any(path == b or path.startswith(b.rstrip("/") + "/") for b in bound)


def build_root(config: dict) -> None:
    """Build the jail's root in ``config['new_root']`` and pivot into it (as PID 1)."""
    new = config["new_root"]
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    bound: list[str] = []
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            os.symlink(os.readlink(path), new + path)
        elif os.path.isdir(path):
            _bind(path, _make_target(new, path, True), read_only=True)
            bound.append(path)
    for path in sorted(set(config.get("read_only", [])), key=len):
        real = os.path.realpath(path)
        for item in dict.fromkeys([path, real]):
            if _covered(item, bound) or not os.path.exists(real):
                continue
            _bind(real, _make_target(new, item, os.path.isdir(real)), read_only=True)
            bound.append(item)
    tmp = _make_target(new, "/tmp", True)
    mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV,
          f"size={int(config.get('tmp_mb', 64))}m,mode=1777")
    for path in config.get("rw", []):
        _bind(path, _make_target(new, path, True), read_only=False)
    dev = _make_target(new, "/dev", True)
    mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755")
    for name in DEVICES:
        if os.path.exists(f"/dev/{name}"):
            _bind(f"/dev/{name}", _make_target(new, f"/dev/{name}", False), read_only=False)
    for name, link in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                       ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(link, f"{dev}/{name}")
    shm = _make_target(new, "/dev/shm", True)
    mount("tmpfs", shm, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=16m,mode=1777")
    # A fresh /proc for the new PID namespace, mounted while the old one is still visible
    # (a user namespace may only mount proc when a full proc is already mounted).
    mount("proc", _make_target(new, "/proc", True), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chdir(new)
    _pivot_root(".", ".")
    _check(libc().umount2(b".", ctypes.c_int(MNT_DETACH)), "umount old root")
    os.chdir("/")
    mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _pivot_root(new_root: str, put_old: str) -> None:
    lib = libc()
    if hasattr(lib, "pivot_root"):
        _check(lib.pivot_root(_b(new_root), _b(put_old)), "pivot_root")
        return
    number = _PIVOT_ROOT_NR.get(platform.machine())
    if number is None:
        raise OSError(f"pivot_root: unknown system call number on {platform.machine()}")
    _check(lib.syscall(ctypes.c_long(number), _b(new_root), _b(put_old)), "pivot_root")


# --------------------------------------------------------------------------- privileges


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_privileges(uid: int | None) -> None:
    """Switch to ``uid`` (if given), then drop every capability for good."""
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    try:
        last = int(open("/proc/sys/kernel/cap_last_cap").read())
    except (OSError, ValueError):
        last = 40
    for cap in range(last + 1):
        try:
            prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            break  # no CAP_SETPCAP (already unprivileged): the set is empty anyway
    try:
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    except OSError:
        pass
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(libc().capset(ctypes.byref(header), data), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def set_limits(limits: dict) -> None:
    for name, value in limits.items():
        if value is None or name not in RLIMITS:
            continue
        kind = RLIMITS[name]
        hard = value + 5 if name == "cpu_seconds" else value
        _, old_hard = resource.getrlimit(kind)
        if old_hard != resource.RLIM_INFINITY:
            hard = min(hard, old_hard)
        resource.setrlimit(kind, (min(value, hard), hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _exec(command: list[str], config: dict) -> None:
    set_limits(config.get("limits", {}))
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    if config.get("cwd"):
        os.chdir(config["cwd"])
    os.execvpe(command[0], command, os.environ)


# --------------------------------------------------------------------------- main


def _init(command: list[str], config: dict) -> None:
    """PID 1 of the namespace: build the root, start the command, reap, exit with it."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    prctl(PR_SET_DUMPABLE, 0)
    build_root(config)
    child = os.fork()
    if child == 0:
        try:
            drop_privileges(config.get("uid"))
            # ipykernel polls its parent's PID (the grader's, invisible here): PID 1 means
            # "do not poll"; the namespace dies with the grader anyway.
            os.environ["JPY_PARENT_PID"] = "1"
            _exec(command, config)
        except BaseException as exc:  # report, never fall back to running unjailed
            os.write(2, f"sanclab jail: {type(exc).__name__}: {exc}\n".encode())
        os._exit(125)
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(0)
        if pid == child:
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: python -m sanclab.exercises._jail CONFIG -- command...")
    config = json.loads(base64.b64decode(argv[0]))
    command = argv[2:]
    parent = config.get("parent")
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(124)  # the grader died before we could ask to die with it
    # Interrupts (SIGINT to the process group) are for the command, not for the launcher.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if config.get("mode") != "namespaces":
        try:
            _exec(command, config)
        except BaseException as exc:
            os.write(2, f"sanclab jail: {type(exc).__name__}: {exc}\n".encode())
        os._exit(125)
    unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            _init(command, config)
        except BaseException as exc:
            os.write(2, f"sanclab jail: {type(exc).__name__}: {exc}\n".encode())
        os._exit(125)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        break
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


if __name__ == "__main__":  # pragma: no cover
    main()
