"""Command line: parse arguments into a small object and hand it to a command.

Exit codes: 0 all good, 1 the data has errors, 2 usage or environment problems (a folder that
cannot be written, a full disk, a git failure…), 130 interrupted by Ctrl+C (SIGINT), 143 ended
by SIGTERM, 141 the reader of our output went away (``| head``: quietly, as a Unix tool killed
by SIGPIPE). Domain and environment errors become one Chinese sentence here, at the edge
(``main``); never a traceback for bad data or a hostile environment.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from ..edge import Terminated, environment_message, silence_stdout
from ..findings import PortalError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_PIPE, EXIT_INT, EXIT_TERM = 141, 130, 143
FORMATS = ("text", "json", "github")

def cmd_validate(args: argparse.Namespace) -> int:
    from .run import run_validate

    return run_validate(Path(args.data), args.format)


def cmd_check(args: argparse.Namespace) -> int:
    from .run import parse_as_of, run_check

    return run_check(Path(args.data), parse_as_of(args.as_of), args.base, args.format, cache=not args.no_cache)


def cmd_export(args: argparse.Namespace) -> int:
    from .run import parse_as_of, run_export

    return run_export(Path(args.data), parse_as_of(args.as_of), args.format,
                      Path(args.out) if args.out else None, args.unit)


def cmd_import(args: argparse.Namespace) -> int:
    from ..ledger_import import run_import
    from .run import parse_as_of

    return run_import(Path(args.ledger), Path(args.data), parse_as_of(args.as_of), args.dry_run, args.format)


def cmd_new(args: argparse.Namespace) -> int:
    from .run import parse_as_of, run_new

    answers = {k: getattr(args, k) for k in
               ("name", "unit", "investor", "investment", "industry", "township", "id", "leader")}
    answers["key"] = "1" if args.key else None
    return run_new(Path(args.data), answers, parse_as_of(args.as_of), sys.stdin.isatty(), args.dry_run)


def cmd_build(args: argparse.Namespace) -> int:
    from .run import parse_as_of, run_build

    return run_build(Path(args.data), Path(args.out), parse_as_of(args.as_of), args.audience,
                     cache=not args.no_cache)


def cmd_serve(args: argparse.Namespace) -> int:
    from .run import parse_as_of, run_serve

    return run_serve(Path(args.data), parse_as_of(args.as_of), args.audience, args.host, args.port)


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo import make_demo

    print(make_demo(Path(args.out), args.projects, args.seed, args.commits).summary())
    return 0


def _add_audience(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=("public", "internal"), default="public",
                   help="public（默认）：公开版，不含 schema 标为不公开的字段；internal：内部版，含全部信息")


def _add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="按哪一天计算时限（默认今天，按北京时间 Asia/Shanghai）")


def _add_data(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", metavar="DIR",
                   help="数据文件夹，内含 projects/ 和其他数据文件（默认 ./data）")


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="输出格式：text（默认）、json、github（GitHub Actions 注解）")


def parser() -> argparse.ArgumentParser:
    from .cli_zh import install

    install()    # argparse's own words ("usage:", "options", its errors) in Chinese
    root = argparse.ArgumentParser(
        prog="portal",
        description="吉木萨尔县社会投资项目公开平台：校验数据、检查时限、生成网站。",
    )
    sub = root.add_subparsers(dest="command", metavar="命令", required=True)
    _checking(sub)
    _editing(sub)
    _publishing(sub)
    return root


def _checking(sub: Any) -> None:
    """validate, check, export: reading the data."""
    p = sub.add_parser("validate", help="校验全部数据文件（格式、引用、日期顺序）",
                       description="校验全部数据文件：YAML 格式、字段、跨文件引用和日期顺序。"
                                   "全部通过退出码 0，有错误 1，用法错误 2。")
    _add_data(p)
    _add_format(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("check", help="校验数据，并拒绝没有书面说明的逾期事项（CI 门禁）",
                       description="先校验全部数据，再按工作日计算各项时限；逾期或逾期办结而没有书面"
                                   "说明（delay_reason）的条目报错。加 --base 时只判断自该 git 引用以来"
                                   "改动过的项目文件，并拒绝没有更正说明地改写已截止月份的月报。")
    _add_data(p)
    _add_as_of(p)
    p.add_argument("--base", metavar="GITREF",
                   help="只检查自此 git 引用（如 origin/main）以来改动的项目文件")
    _add_format(p)
    p.add_argument("--no-cache", action="store_true",
                   help="不读取构建缓存中的解析结果（数据仓库的 .cache/portal/；检查只读不写）")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("export", help="导出带计算结果的数据（json、csv、xlsx、oc4ids）",
                       description="导出全部项目、审批时限和状态等计算结果（只含公开字段）。"
                                   "json：完整计算结果；csv：每个项目一行（UTF-8 带 BOM，Excel 可直接打开）；"
                                   "xlsx：Excel 台账（项目台账、审批事项、月度报送三张表，须指定 --out）；"
                                   "oc4ids：国际基础设施项目数据标准 OC4IDS 0.9 项目包。")
    p.add_argument("--format", choices=("json", "csv", "xlsx", "oc4ids"), required=True,
                   help="导出格式：json、csv、xlsx（Excel 台账）、oc4ids")
    _add_data(p)
    _add_as_of(p)
    p.add_argument("--out", metavar="FILE", help="输出文件（默认输出到屏幕；xlsx 必须指定）")
    p.add_argument("--unit", metavar="UNIT", help="只导出该单位的台账（xlsx；单位编号见 data/units.yaml）")
    p.set_defaults(func=cmd_export)


def _editing(sub: Any) -> None:
    """import, new: writing the data."""
    p = sub.add_parser("import", help="导入各单位填好的 Excel 台账（月度报送、审批事项）",
                       description="读取 portal export --format xlsx 导出、各单位填写后交回的台账，把新增月份的月报、"
                                   "改动的月报和审批事项的申报、办结日期写回项目文件（保留注释和格式）。先检查全部行，"
                                   "有错误则不写入任何文件；--dry-run 只显示将要做的改动。")
    p.add_argument("ledger", metavar="LEDGER.xlsx", help="填好的台账文件")
    _add_data(p)
    _add_as_of(p)
    p.add_argument("--dry-run", action="store_true", help="只显示改动（unified diff），不写入文件")
    _add_format(p)
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("new", help="新建一个项目文件（按模板生成，立即可通过校验）",
                       description="按模板新建项目文件，带中文注释说明每个字段。缺少的选项在终端中逐项询问，"
                                   "答错的项列出可选值后重新询问；重点项目由县里确定（--key），须指定包联县领导（第十二条）。")
    _add_data(p)
    p.add_argument("--name", help="项目名称")
    p.add_argument("--unit", help="招引单位编号（见 data/units.yaml）")
    p.add_argument("--investor", help="投资企业名称")
    p.add_argument("--investment", help="计划总投资（万元）")
    p.add_argument("--industry", help="所属产业编号，例如 new_energy（默认 other）")
    p.add_argument("--township", help="乡镇或园区编号（见 data/townships.yaml）")
    p.add_argument("--id", help="项目编号（默认按 年份-产业-序号 自动生成）")
    p.add_argument("--leader", help="包联县领导编号（见 data/leaders.yaml；重点项目必填，第十二条）")
    p.add_argument("--key", action="store_true",
                   help="县里已确定为重点项目（第十二条）；须同时用 --leader 指定包联县领导")
    p.add_argument("--dry-run", action="store_true", help="只显示将要创建的文件内容，不写入")
    _add_as_of(p)
    p.set_defaults(func=cmd_new)


def _publishing(sub: Any) -> None:
    """build, serve, demo: the site."""
    p = sub.add_parser("build", help="生成网站（Markdown → MkDocs Material，可离线浏览）",
                       description="校验并计算全部数据，生成中文静态网站。只有全部成功才替换输出文件夹；"
                                   "数据有误或页面有问题时打印原因、退出码 1，原有网站保持不变。")
    _add_data(p)
    p.add_argument("--out", default="site", metavar="DIR", help="输出文件夹（默认 ./site）")
    _add_as_of(p)
    _add_audience(p)
    p.add_argument("--no-cache", action="store_true",
                   help="不使用构建缓存（数据仓库的 .cache/portal/），从头比较全部修订历史、生成全部网页")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="本机预览网站，数据改动后自动重新生成",
                       description="生成网站并在 http://127.0.0.1:8000/ 提供预览；每秒检查数据文件夹和"
                                   " docs/，有改动即重新生成。按 Ctrl+C 结束。")
    _add_data(p)
    _add_as_of(p)
    _add_audience(p)
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只允许本机访问）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("demo", help="生成演示用的虚构数据仓库（含约两年的提交历史）",
                       description="在 --out 文件夹中生成一个 git 仓库：data/ 下为虚构但规模真实的项目数据，"
                                   "并附约两年的按日期提交历史（截至 2026-11-26），用于演示和性能测试。"
                                   "同一 --seed 总是生成相同的数据和历史。--out 必须是空文件夹或不存在。")
    p.add_argument("--projects", type=int, required=True, metavar="N", help="项目个数")
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹（必须为空或不存在）")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="随机种子（默认 0）")
    p.add_argument("--commits", type=int, metavar="K",
                   help="提交次数（默认约为项目数的 2 倍，至少 24）")
    p.set_defaults(func=cmd_demo)


@contextmanager
def terminable() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` in the main thread for the command's duration, so that
    every ``finally`` runs (temporary folders removed, the last good site kept); a second
    SIGTERM while the first is being handled is ignored."""
    def stop(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:      # not the main thread (main called from a thread): no handler
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(message: str, code: int) -> int:
    print(f"portal: 错误：{message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the one place where failures become a sentence and an exit code."""
    args = parser().parse_args(argv)
    try:
        with terminable():
            code: int = args.func(args)
            sys.stdout.flush()      # a closed pipe or a full disk shows here, not at exit
    except PortalError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:
        silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        return _fail("已中断（Ctrl+C），未完成的输出已删除", EXIT_INT)
    except Terminated:
        return _fail("收到终止信号（SIGTERM），已停止；未完成的输出已删除", EXIT_TERM)
    except Exception as exc:
        message = environment_message(exc)
        if message is None:
            raise           # a bug: its traceback is what a report needs
        silence_stdout(only_if_broken=True)
        return _fail(message, EXIT_USAGE)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
