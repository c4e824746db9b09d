"""What the command line's error boundary (``cli.main``) says about failures that are not the
data's fault: a folder that cannot be written, a full disk, a closed pipe, git, a signal.

Each becomes one Chinese sentence naming the file; the boundary adds the exit code. Also the
signal handling that lets a build be stopped without leaving half a site (``signals_held``).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（权限不足）",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超出允许的大小（文件系统或 ulimit -f 的上限）",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是文件夹而不是文件",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EEXIST: "已经存在",
    errno.ENAMETOOLONG: "路径或文件名过长",
    errno.ELOOP: "符号链接过多或成环",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.EIO: "磁盘或设备读写故障",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EBUSY: "正被其他程序占用",
    errno.EPIPE: "接收输出的程序已经关闭",
}
ADVICE = {
    errno.ENOSPC: "请腾出磁盘空间或换一个输出位置后重试",
    errno.EDQUOT: "请腾出磁盘空间或换一个输出位置后重试",
    errno.EFBIG: "请换一个输出位置，或放宽文件大小上限（ulimit -f）后重试",
    errno.EACCES: "请换一个可以写入的输出位置（如 --out site），或检查权限",
    errno.EPERM: "请换一个可以写入的输出位置（如 --out site），或检查权限",
    errno.EROFS: "请换一个可以写入的输出位置（如 --out site）",
}


class Terminated(BaseException):
    """SIGTERM arrived (raised by the CLI's handler; not an ``Exception``, so that no
    ``except Exception`` on the way swallows it, while every ``finally`` still runs)."""


def printable(text: object) -> str:
    """``text`` safe for a terminal: control, format (bidi) and line characters escaped."""
    return "".join(c if unicodedata.category(c)[0] not in "CZ" or c == " " else f"\\u{ord(c):04x}"
                   for c in str(text))


def os_reason(exc: OSError) -> str:
    """Why an operation failed, with what to do, in Chinese (the system's words in brackets)."""
    advice = ADVICE.get(exc.errno or 0)
    return (f"{REASONS.get(exc.errno or 0, '读写出错')}（{printable(exc.strerror or exc)}）"
            + (f"。{advice}" if advice else ""))


def os_message(exc: OSError) -> str:
    names = [printable(os.fsdecode(n)) for n in (exc.filename, exc.filename2)
             if isinstance(n, str | bytes | os.PathLike)]
    where = f"无法读写“{'”→“'.join(names)}”" if names else "读写文件或输出时出错"
    return f"{where}：{os_reason(exc)}"


def environment_message(exc: BaseException) -> str | None:
    """The sentence for a failure of the environment, or None for a bug (whose traceback the
    boundary lets through: it is what a bug report needs)."""
    if isinstance(exc, OSError):
        return os_message(exc)
    if isinstance(exc, MemoryError):
        return "内存不足，无法完成：请关闭其他程序或换一台内存更大的机器后重试"
    if type(exc).__module__.split(".")[0] == "git":
        import git

        if isinstance(exc, git.GitCommandError):
            said = exc.stderr.strip() if isinstance(exc.stderr, str) else ""
            return f"git 命令失败（退出码 {exc.status}）：{printable(said or exc)}"
        if isinstance(exc, git.GitError):
            return f"git 出错：{type(exc).__name__}: {printable(exc)}"
    return None


def silence_stdout(*, only_if_broken: bool = False) -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush at exit finds
    no closed pipe or full disk (no "Exception ignored … BrokenPipeError" noise). With
    ``only_if_broken``, only when flushing it fails."""
    try:
        sys.stdout.flush()
        if only_if_broken:
            return
    except (OSError, ValueError):
        pass
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):   # replaced (tests capture it) or closed
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a step that must not be cut in half (the two renames
    that swap a site into place): they arrive, and are handled, when the step is done."""
    if not hasattr(signal, "pthread_sigmask"):      # not POSIX: nothing to hold
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
